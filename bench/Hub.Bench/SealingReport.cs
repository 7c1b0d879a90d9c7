using System.Globalization;
using System.Text;

namespace Hub.Bench;

/// <summary>The figures of one sealing bench run, and their Markdown for bench/RESULTS.md.</summary>
internal sealed class SealingReport(int instances, int converters, string workerLoops, int clients)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public required SealingPoolResult PoolBefore { get; init; }

    public required SealingPoolResult PoolAfter { get; init; }


    /// <summary>CPU of the node and its PostgreSQL while the instances were started and given their first approval.</summary>
    public required SealingCpu PreparingCpu { get; init; }

    public required int Prepared { get; init; }

    /// <summary>Instances sealed one at a time (the warm-up left out).</summary>
    public required IReadOnlyList<SealingTimeline> Alone { get; init; }

    /// <summary>Instances sealed all at once: the rate.</summary>
    public required IReadOnlyList<SealingTimeline> Batch { get; init; }

    /// <summary>CPU of the node, its PostgreSQL and its converter processes over the batch.</summary>
    public required SealingCpu Cpu { get; init; }

    public required double BenchCpuMs { get; init; }

    public required double MachineBusy { get; init; }

    public required SealingLockSamples Locks { get; init; }

    public required IReadOnlyDictionary<string, long> EvidenceActs { get; init; }

    public required IReadOnlyList<double> HeadDecisionMs { get; init; }

    public required IReadOnlyList<double> SerialFinanceDecisionMs { get; init; }

    public required IReadOnlyList<double> BatchFinanceDecisionMs { get; init; }

    public required TimeSpan DecisionsGivenIn { get; init; }

    public required IReadOnlyList<string> Unsealed { get; init; }

    public required string LoadBefore { get; init; }

    public required string LoadAfter { get; init; }

    public string Markdown()
    {
        var first = Batch.Min(t => t.Decided);
        var last = Batch.Max(t => t.Completed);
        var window = (last - first).TotalSeconds;
        var rate = Batch.Count / window;
        var poolRate = (PoolBefore.PerSecond + PoolAfter.PerSecond) / 2;
        var report = new StringBuilder();
        void Line(string text) => report.AppendLine(text);

        Line(string.Create(Invariant, $"Load average before: {LoadBefore}; after: {LoadAfter}; {Environment.ProcessorCount} CPUs; machine CPU busy {MachineBusy:0}% during the sealed batch."));
        Line(string.Create(Invariant, $"Node: {converters} converter workers, worker loops {workerLoops}; {clients} clients deciding; {instances} instances in the batch."));
        Line("");
        Line("| Rate | Documents | Seconds | Per second |");
        Line("|---|---:|---:|---:|");
        Line(string.Create(Invariant, $"| Warm pool alone, DOCX → PDF, before | {PoolBefore.Documents} | {PoolBefore.Elapsed.TotalSeconds:0.00} | {PoolBefore.PerSecond:0.00} |"));
        Line(string.Create(Invariant, $"| Warm pool alone, DOCX → PDF, after | {PoolAfter.Documents} | {PoolAfter.Elapsed.TotalSeconds:0.00} | {PoolAfter.PerSecond:0.00} |"));
        Line(string.Create(Invariant, $"| Sealed documents, first finance approval → last End | {Batch.Count} | {window:0.00} | {rate:0.00} |"));
        Line("");
        Line(string.Create(Invariant, $"**Sealed / pool: {rate / poolRate:0.00}×** (pool = mean of before and after, {poolRate:0.00}/s). Target ≥ 0.7×."));
        Line(string.Create(Invariant, $"All {Batch.Count} instances Completed with a valid seal and evidence report: {(Unsealed.Count == 0 ? "yes" : $"no, {Unsealed.Count} not")}."));
        Line("");

        var perDocument = 1.0 / Batch.Count;
        Line("CPU per sealed document over the batch (ms): " + string.Create(Invariant,
            $"converter (LibreOffice + bridge) {Cpu.ConverterMs * perDocument:0.0}, Hub node {Cpu.ProcessMs * perDocument:0.0}, PostgreSQL {Cpu.PostgresMs * perDocument:0.0}, bench clients {BenchCpuMs * perDocument:0.0}; ") +
            string.Create(Invariant, $"pool alone: converter {PoolBefore.ConverterCpuMsPerDocument:0.0} / {PoolAfter.ConverterCpuMsPerDocument:0.0} per conversion (before / after)."));
        Line("");

        Line(string.Create(Invariant, $"One instance at a time ({Alone.Count} instances, after the warm-up batch), ms from the effect's request to the commit that resumed the instance with its result:"));
        Line("");
        Line("| Step | Mean | Min | Max |");
        Line("|---|---:|---:|---:|");
        foreach (var kind in SealingTimeline.Kinds)
        {
            Line(string.Create(Invariant, $"| {kind} | {Alone.Average(t => t.Ms(kind)):0.0} | {Alone.Min(t => t.Ms(kind)):0.0} | {Alone.Max(t => t.Ms(kind)):0.0} |"));
        }

        Line(string.Create(Invariant, $"| between steps (next request − previous delivery) | {Alone.Average(t => t.GapsMs):0.0} | {Alone.Min(t => t.GapsMs):0.0} | {Alone.Max(t => t.GapsMs):0.0} |"));
        var total = Alone.Select(t => (t.Completed - t.Decided).TotalMilliseconds).ToList();
        Line(string.Create(Invariant, $"| **finance approval → End** | {total.Average():0.0} | {total.Min():0.0} | {total.Max():0.0} |"));
        Line(string.Create(Invariant, $"| (warm pool alone, one document, before / after) | {PoolBefore.SerialMeanMs:0.0} / {PoolAfter.SerialMeanMs:0.0} | | |"));
        Line("");

        Line(string.Create(Invariant, $"Batch, mean ms per step including queueing: ") + string.Join(", ",
            SealingTimeline.Kinds.Select(k => string.Create(Invariant, $"{k} {Batch.Average(t => t.Ms(k)):0}"))) +
            string.Create(Invariant, $"; approval → End mean {Batch.Average(t => (t.Completed - t.Decided).TotalMilliseconds):0} ms."));
        Line("");

        var acts = string.Join(", ", EvidenceActs.Select(p => $"{p.Key} {p.Value}"));
        Line(string.Create(Invariant, $"Evidence log during the batch: {EvidenceActs.Values.Sum()} appends ({acts}); append lock sampled {Locks.Samples} times: ") +
            string.Create(Invariant, $"held in {Percent(Locks.Held, Locks.Samples)}, waited for in {Percent(Locks.WithWaiters, Locks.Samples)} ({(double)Locks.Waiters / Math.Max(1, Locks.Samples):0.00} waiters on average)."));
        Line("");
        Line(string.Create(Invariant, $"Approvals (not in the rate): start + head approval of {Prepared} instances cost {PreparingCpu.ProcessMs / Prepared:0.0} ms Hub and {PreparingCpu.PostgresMs / Prepared:0.0} ms PostgreSQL CPU each; head decisions while preparing ({clients} clients) mean {Mean(HeadDecisionMs):0.0} ms, p50 {Percentile(HeadDecisionMs, 0.5):0.0}; ") +
            string.Create(Invariant, $"finance decision alone mean {Mean(SerialFinanceDecisionMs):0.0} ms; the batch's {BatchFinanceDecisionMs.Count} finance decisions mean {Mean(BatchFinanceDecisionMs):0.0} ms, all given {DecisionsGivenIn.TotalSeconds:0.00} s after the first."));
        return report.ToString();
    }

    /// <summary>The batch of the bench-only variant without the evidence report step, set against the same pool rate.</summary>
    public static string WithoutReportLine(IReadOnlyList<SealingTimeline> variant, double poolRate)
    {
        var seconds = (variant.Max(t => t.Completed) - variant.Min(t => t.Decided)).TotalSeconds;
        return string.Create(Invariant, $"Diagnosis only, the same flow without its evidence report step (bench version 3), {variant.Count} at once: ") +
            string.Create(Invariant, $"{seconds:0.00} s, {variant.Count / seconds:0.00} sealed documents/s = {variant.Count / seconds / poolRate:0.00}× the pool.");
    }

    private static string Percent(int part, int whole) => string.Create(Invariant, $"{100.0 * part / Math.Max(1, whole):0}%");

    private static double Mean(IReadOnlyList<double> values) => values.Count == 0 ? double.NaN : values.Average();

    private static double Percentile(IReadOnlyList<double> values, double quantile)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
