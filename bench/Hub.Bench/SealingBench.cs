using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Testing;

namespace Hub.Bench;

/// <summary>
/// Sealed documents per second (issue 11): a real <c>hub serve</c> node seeded with the demo group runs the shipped
/// expense flow from the finance approval to its End — generate (fill the template, convert), authorise, seal with
/// the Hub TSA's timestamp, archive, evidence report, with every transition — against the warm converter pool's own
/// rate, measured in this process before and after with the node's pool size and the same document. Prints a Markdown
/// report for bench/RESULTS.md.
/// </summary>
internal static class SealingBench
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string[] args)
    {
        var instances = IntOption(args, "--instances", 60);
        var serial = IntOption(args, "--serial", 5);
        // Warm code, as on a node that has been up for a while: the runtime re-compiles a method (instrumented, then
        // optimised) only after dozens of calls, and most of the sealing path runs once per document. With a 40-instance
        // warm-up a perf profile of the measured batch still spent 31 % of the node's samples in the JIT, with 150 0.3 %.
        var warmup = IntOption(args, "--warmup", 150);
        var parallel = IntOption(args, "--clients", 4);
        // The node's default pool size when not given (DocumentConverterOptions: the number of cores, at most 4).
        var converters = IntOption(args, "--converter-workers", Math.Clamp(Environment.ProcessorCount, 1, 4));
        var loops = Option(args, "--worker-loops", "");
        var serverDll = Path.GetFullPath(Option(args, "--server", Path.Combine(AppContext.BaseDirectory, "Hub.Server.dll")));
        var root = SharedData.RepositoryRoot();
        var data = Directory.CreateTempSubdirectory("hub-sealbench-").FullName;
        var environment = new Dictionary<string, string> { ["Documents__ConverterWorkers"] = converters.ToString(Invariant) };
        if (loops.Length > 0)
        {
            environment["Workflows__WorkerLoops"] = loops;
        }

        var loadBefore = File.ReadAllText("/proc/loadavg").Trim();
        Console.Error.WriteLine($"data {data}, server {serverDll}, {instances} instances, {converters} converter workers, worker loops {(loops.Length > 0 ? loops : "default")}");
        using var node = WorkflowServeNode.Start(serverDll, data, environment);
        var clients = new List<WorkflowClients>();
        SealingPoolRate? pool = null;
        try
        {
            await node.WaitReadyAsync(TimeSpan.FromMinutes(3));
            var records = new SealingRecords(new WorkflowDatabase(data));
            for (var i = 0; i < parallel; i++)
            {
                var buyer = await node.SignInAsync("east.buyer");
                var organisation = (await buyer.GetFromJsonAsync<JsonElement>("/api/organisations")).EnumerateArray().Single().GetProperty("id").GetGuid();
                clients.Add(new WorkflowClients(buyer, await node.SignInAsync("east.head"), await node.SignInAsync("east.finance"), organisation));
            }

            pool = await SealingPoolRate.StartAsync(root, converters, Path.Combine(data, "bench-pool"));
            var poolBefore = await pool.MeasureAsync(instances);
            Console.Error.WriteLine($"pool before: {poolBefore.PerSecond:0.00}/s");

            var form = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "workflows", "templates", "expense-reimbursement.sample.json"))).RootElement.Clone();
            var load = new SealingLoad(clients, form);
            var preparing = SealingCpu.Sample(node.ProcessId, PostmasterOf(data));
            var prepared = await load.PrepareAsync(warmup + serial + instances, "BX-BENCH");
            var preparingCpu = SealingCpu.Sample(node.ProcessId, PostmasterOf(data)).Minus(preparing);
            Console.Error.WriteLine($"prepared {prepared.Count} instances awaiting the finance approval");

            // Warm-up, not counted: the same batch shape as the measured one.
            var warm = new SealingLoad(clients, form);
            await warm.DecideFinanceAsync(prepared.Take(warmup).ToList());
            await records.WaitForEndAsync(prepared.Take(warmup).ToList(), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));
            Console.Error.WriteLine($"warmed up with {warmup} sealed instances");

            // One at a time: where the time of one sealed document goes.
            var alone = new List<SealingTimeline>();
            var serialDecisionMs = new List<double>();
            foreach (var id in prepared.Skip(warmup).Take(serial))
            {
                var one = new SealingLoad(clients.Take(1).ToList(), form);
                await one.DecideFinanceAsync([id]);
                serialDecisionMs.AddRange(one.FinanceDecisionMs);
                await records.WaitForEndAsync([id], TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(2));
                alone.AddRange(await records.TimelinesAsync([id]));
            }

            // All at once: every finance approval given as fast as the clients can, the converter pool kept busy.
            var batch = prepared.Skip(warmup + serial).ToList();
            var postmaster = PostmasterOf(data);
            using var self = Process.GetCurrentProcess();
            var machine = CpuTicks();
            var cpuBefore = SealingCpu.Sample(node.ProcessId, postmaster);
            var benchBefore = self.TotalProcessorTime;
            using var stopSampling = new CancellationTokenSource();
            var sampling = records.SampleEvidenceLockAsync(TimeSpan.FromMilliseconds(10), stopSampling.Token);
            var clock = Stopwatch.StartNew();
            await load.DecideFinanceAsync(batch);
            var decidedAfter = clock.Elapsed;
            await records.WaitForEndAsync(batch, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));
            await stopSampling.CancelAsync();
            var locks = await sampling;
            self.Refresh();
            var cpu = SealingCpu.Sample(node.ProcessId, postmaster).Minus(cpuBefore);
            var benchMs = (self.TotalProcessorTime - benchBefore).TotalMilliseconds;
            var busy = Busy(machine);
            var timelines = await records.TimelinesAsync(batch);
            var acts = await records.EvidenceActsAsync(timelines.Min(t => t.Decided), timelines.Max(t => t.Completed));
            var poolAfter = await pool.MeasureAsync(instances);
            Console.Error.WriteLine($"pool after: {poolAfter.PerSecond:0.00}/s");
            var unsealed = await UnsealedAsync(clients[0].Buyer, batch, evidence: true);
            var report = new SealingReport(instances, converters, loops.Length > 0 ? loops : "2 (default)", parallel)
            {
                PoolBefore = poolBefore, PoolAfter = poolAfter, PreparingCpu = preparingCpu, Prepared = prepared.Count,
                Alone = alone, Batch = timelines, Cpu = cpu, BenchCpuMs = benchMs,
                MachineBusy = busy, Locks = locks, EvidenceActs = acts, HeadDecisionMs = [.. load.HeadDecisionMs], SerialFinanceDecisionMs = serialDecisionMs,
                BatchFinanceDecisionMs = [.. load.FinanceDecisionMs], DecisionsGivenIn = decidedAfter, Unsealed = unsealed,
                LoadBefore = loadBefore, LoadAfter = File.ReadAllText("/proc/loadavg").Trim(),
            };
            Console.WriteLine(report.Markdown());
            if (args.Contains("--also-without-report"))
            {
                // Diagnosis only, not the shipped flow: the same flow as its next version with its evidence report step left
                // out, so the difference is what the report (verification, writing the PDF, platform seal and timestamp) costs.
                using var admin = await node.SignInAsync("hq.admin");
                var group = (await admin.GetFromJsonAsync<JsonElement>("/api/organisations")).EnumerateArray()
                    .Single(o => o.GetProperty("parentId").ValueKind == JsonValueKind.Null).GetProperty("id").GetGuid();
                await WorkflowBench.ImportAsync(admin, group, WithoutReport(root));
                var variantLoad = new SealingLoad(clients, form);
                var variant = await variantLoad.PrepareAsync(instances, "BX-NOREPORT");
                await variantLoad.DecideFinanceAsync(variant);
                await records.WaitForEndAsync(variant, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));
                var timelinesWithout = await records.TimelinesAsync(variant, SealingTimeline.Kinds[..^1]);
                unsealed.AddRange(await UnsealedAsync(clients[0].Buyer, variant, evidence: false));
                Console.WriteLine(SealingReport.WithoutReportLine(timelinesWithout, (poolBefore.PerSecond + poolAfter.PerSecond) / 2));
            }

            return unsealed.Count == 0 ? 0 : 1;
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or Npgsql.NpgsqlException or TaskCanceledException)
        {
            Console.Error.WriteLine(e);
            Console.Error.WriteLine(node.Log);
            return 1;
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
            if (pool is not null)
            {
                await pool.DisposeAsync();
            }

            await node.StopAsync();
            if (!args.Contains("--keep"))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    /// <summary>Instances that did not end in a sealed document whose evidence report found every signature valid, as
    /// the instance API shows them (read after the measurement).</summary>
    private static async Task<List<string>> UnsealedAsync(HttpClient buyer, IReadOnlyList<Guid> instances, bool evidence)
    {
        var unsealed = new List<string>();
        foreach (var id in instances)
        {
            var instance = await buyer.GetFromJsonAsync<JsonElement>($"/api/workflow-instances/{id}");
            var variables = instance.GetProperty("variables");
            var ok = instance.GetProperty("status").GetString() == "Completed"
                     && variables.TryGetProperty("sealed", out var seal) && seal.ValueKind == JsonValueKind.Object && seal.GetProperty("succeeded").GetBoolean()
                     && (!evidence || (variables.TryGetProperty("evidence", out var report) && report.ValueKind == JsonValueKind.Object
                                       && report.GetProperty("allSignaturesValid").GetBoolean()));
            if (!ok)
            {
                unsealed.Add($"{id}: {instance}");
            }
        }

        unsealed.Take(3).ToList().ForEach(Console.Error.WriteLine);
        return unsealed;
    }

    /// <summary>The shipped expense flow as its next version without its ProduceEvidenceReport node: the archive goes straight to the End.</summary>
    private static JsonElement WithoutReport(string root)
    {
        var flow = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "workflows", "expense-reimbursement.json")))!.AsObject();
        flow["version"] = flow["version"]!.GetValue<int>() + 1;
        var chart = flow["flowchart"]!;
        var nodes = chart["nodes"]!.AsArray();
        nodes.Remove(nodes.Single(n => (string?)n!["id"] == "report"));
        var connections = chart["connections"]!.AsArray();
        foreach (var from in connections.Where(c => (string?)c!["source"] == "report").ToList())
        {
            connections.Remove(from);
        }

        connections.Single(c => (string?)c!["source"] == "archive" && (string?)c!["target"] == "report")!["target"] = "sealed";
        return JsonSerializer.SerializeToElement(flow);
    }

    private static int PostmasterOf(string data) => int.Parse(File.ReadLines(Path.Combine(data, "pg", "postmaster.pid")).First(), Invariant);

    private static (long Busy, long Total) CpuTicks()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        return (fields.Sum() - fields[3] - fields[4], fields.Sum());
    }

    private static double Busy((long Busy, long Total) since)
    {
        var now = CpuTicks();
        return 100.0 * (now.Busy - since.Busy) / Math.Max(1, now.Total - since.Total);
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }

    private static int IntOption(string[] args, string name, int fallback) => int.Parse(Option(args, name, fallback.ToString(Invariant)), Invariant);
}
