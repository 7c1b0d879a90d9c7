using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hub.Testing;

namespace Hub.Bench;

/// <summary>
/// The workflow benchmark of issue 3: a real <c>hub serve</c> process driven over HTTP at several concurrencies, its
/// database counters read around each phase, and the pgbench anchor run against the same embedded PostgreSQL just
/// before the Hub's phases of the same concurrency. Prints a Markdown report for bench/RESULTS.md.
/// </summary>
internal static class WorkflowBench
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = IntOption(args, "--seconds", 15);
        var concurrencies = Option(args, "--clients", "1,4,16").Split(',').Select(c => int.Parse(c, Invariant)).ToArray();
        var serverDll = Path.GetFullPath(Option(args, "--server", Path.Combine(AppContext.BaseDirectory, "Hub.Server.dll")));
        var root = SharedData.RepositoryRoot();
        var data = Directory.CreateTempSubdirectory("hub-wfbench-").FullName;
        var report = new StringBuilder();
        var loadBefore = File.ReadAllText("/proc/loadavg").Trim();
        Console.Error.WriteLine($"data {data}, server {serverDll}, {seconds} s per phase, clients {string.Join(',', concurrencies)}");

        using var node = WorkflowServeNode.Start(serverDll, data);
        var clients = new List<WorkflowClients>();
        try
        {
            await node.WaitReadyAsync(TimeSpan.FromMinutes(3));
            var database = new WorkflowDatabase(data);
            using var admin = await node.SignInAsync("hq.admin");
            var group = (await admin.GetFromJsonAsync<JsonElement>("/api/organisations")).EnumerateArray()
                .Single(o => o.GetProperty("parentId").ValueKind == JsonValueKind.Null).GetProperty("id").GetGuid();
            await ImportAsync(admin, group, WorkflowDefinitions.Expense(root));
            await ImportAsync(admin, group, WorkflowDefinitions.Automatic());
            var anchor = new WorkflowAnchor(database, data);
            await anchor.PrepareAsync();

            for (var i = 0; i < concurrencies.Max(); i++)
            {
                var buyer = await node.SignInAsync("east.buyer");
                var procurement = (await buyer.GetFromJsonAsync<JsonElement>("/api/organisations")).EnumerateArray().Single().GetProperty("id").GetGuid();
                clients.Add(new WorkflowClients(buyer, await node.SignInAsync("east.head"), await node.SignInAsync("east.finance"), procurement));
            }

            // Warm-up (JIT, connection pools, snapshot cache), not counted.
            await WorkflowLoad.RunAsync(clients.Take(2).ToList(), "expense-reimbursement", TimeSpan.FromSeconds(3), "warm");
            await WorkflowLoad.RunAsync(clients.Take(2).ToList(), WorkflowDefinitions.AutomaticId, TimeSpan.FromSeconds(3), "warm");

            // Profiling aid (run 3): with --slow-statements MS PostgreSQL logs every statement slower than MS, every
            // checkpoint and every autovacuum to DATA/pg.log (keep it with --keep), to see where tail latency comes from.
            if (Option(args, "--slow-statements", "") is { Length: > 0 } slowMs)
            {
                await database.ExecuteAsync("hub", $"ALTER SYSTEM SET log_min_duration_statement = {int.Parse(slowMs, Invariant)}");
                await database.ExecuteAsync("hub", "ALTER SYSTEM SET log_autovacuum_min_duration = 0");
                await database.ExecuteAsync("hub", "ALTER SYSTEM SET log_checkpoints = on");
                await database.ExecuteAsync("hub", "SELECT pg_reload_conf()");
            }

            var first = await database.CountAsync();
            var probe = (await database.CountAsync()).Minus(first);
            var rows = new List<string>();
            var anchors = new Dictionary<int, double>();
            var commands = new List<string>();
            WorkflowPhaseResult? single = null;
            var saturating = 0.0;
            foreach (var c in concurrencies)
            {
                var (tps, command) = await anchor.RunAsync(c, seconds);
                anchors[c] = tps;
                commands.Add(command);
                rows.Add($"| pgbench transition (anchor) | {c} | – | {tps:0} | – | – | – | – | – | – | – | – |");
                foreach (var flow in new[] { "expense-reimbursement", WorkflowDefinitions.AutomaticId })
                {
                    var (result, counts, busy) = await MeasureAsync(node, database, probe, () => WorkflowLoad.RunAsync(clients.Take(c).ToList(), flow, TimeSpan.FromSeconds(seconds), $"{flow}-{c}"));
                    rows.Add(Row(result, counts, tps, busy));
                    if (flow != WorkflowDefinitions.AutomaticId)
                    {
                        single ??= c == 1 ? result : null;
                        saturating = Math.Max(saturating, result.InstancesPerSecond);
                    }
                }
            }

            var half = saturating / 2;
            var (halfResult, halfCounts, halfBusy) = await MeasureAsync(node, database, probe, () =>
                WorkflowLoad.RunAsync(clients, "expense-reimbursement", TimeSpan.FromSeconds(seconds), "half", half));
            rows.Add(Row(halfResult, halfCounts, anchors[concurrencies.Max()], halfBusy).Replace("| expense", $"| expense at {half:0.0}/s (half load)", StringComparison.Ordinal));

            report.AppendLine(CultureInfo.InvariantCulture, $"Load average before: {loadBefore}; after: {File.ReadAllText("/proc/loadavg").Trim()}; {Environment.ProcessorCount} CPUs.");
            report.AppendLine();
            report.AppendLine("| Load | Clients | Instances/s | Anchor tps / bursts/s | Journal rows/s | Persisted transitions/s (row writes) | Ratio to anchor (writes / bursts) | Commits per burst (all / writing) | Decision p50 / p99 / mean ms | Failures | Machine CPU busy | CPU ms per burst: Hub / PostgreSQL / clients |");
            report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            rows.ForEach(r => report.AppendLine(r));
            report.AppendLine();
            if (single is not null)
            {
                var mean = single.DecisionMs.Average();
                var p99 = Percentile(halfResult.DecisionMs, 0.99);
                report.AppendLine(CultureInfo.InvariantCulture, $"Decision latency: 1-client mean {mean:0.0} ms; p99 at half load ({half:0.0} expense instances/s) {p99:0.0} ms = {p99 / mean:0.0}× the mean (target ≤ 10×).");
            }

            report.AppendLine();
            report.AppendLine("Anchor commands:");
            commands.ForEach(c => report.AppendLine("    " + c));
            Console.WriteLine(report.ToString());
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or Npgsql.NpgsqlException)
        {
            Console.Error.WriteLine(e);
            Console.Error.WriteLine(node.Log);
            return 1;
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
            await node.StopAsync();
            if (!args.Contains("--keep"))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    private static async Task<(WorkflowPhaseResult Result, WorkflowCounts Counts, string Busy)> MeasureAsync(WorkflowServeNode node, WorkflowDatabase database,
        WorkflowCounts probe, Func<Task<WorkflowPhaseResult>> phase)
    {
        var cpu = CpuTicks();
        var before = await database.CountAsync();
        var processes = WorkflowCpu.Sample(node.ProcessId, node.DataDirectory);
        var result = await phase();
        var spent = WorkflowCpu.Sample(node.ProcessId, node.DataDirectory).Minus(processes);
        var after = await database.CountAsync();
        var counts = after.Minus(before).Minus(probe);
        Console.Error.WriteLine($"{result.Flow} × {result.Clients}: {result.InstancesPerSecond:0.0}/s, {counts}, {spent}");
        var bursts = Math.Max(1, counts.Bursts);
        return (result, counts, Busy(cpu) + string.Create(Invariant, $" | {spent.HubMs / bursts:0.00} / {spent.PostgresMs / bursts:0.00} / {spent.BenchMs / bursts:0.00}"));
    }

    private static string Row(WorkflowPhaseResult result, WorkflowCounts counts, double anchorTps, string busy)
    {
        var seconds = result.Elapsed.TotalSeconds;
        var bursts = counts.Bursts / seconds;
        var writes = (counts.Bursts + counts.Journal) / seconds;
        var latency = result.DecisionMs.Count == 0 ? "–"
            : $"{Percentile(result.DecisionMs, 0.5):0.0} / {Percentile(result.DecisionMs, 0.99):0.0} / {result.DecisionMs.Average():0.0}";
        var name = result.Flow == WorkflowDefinitions.AutomaticId ? "10-step automatic" : "expense (2 decisions)";
        return string.Create(Invariant, $"| {name} | {result.Clients} | {result.InstancesPerSecond:0.0} | {bursts:0} | {counts.Journal / seconds:0} | {writes:0} | " +
            $"{writes / anchorTps:0.00} / {bursts / anchorTps:0.00} | {(double)counts.Commits / counts.Bursts:0.00} / {(double)counts.WritingTransactions / counts.Bursts:0.00} | " +
            $"{latency} | {result.Failures} | {busy} |");
    }

    private static double Percentile(IReadOnlyList<double> values, double quantile)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static (long Busy, long Total) CpuTicks()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        return (fields.Sum() - fields[3] - fields[4], fields.Sum());
    }

    private static string Busy((long Busy, long Total)? since)
    {
        if (since is not { } start)
        {
            return "–";
        }

        var now = CpuTicks();
        return string.Create(Invariant, $"{100.0 * (now.Busy - start.Busy) / Math.Max(1, now.Total - start.Total):0}%");
    }

    public static async Task ImportAsync(HttpClient admin, Guid organisationId, JsonElement document)
    {
        using var response = await admin.PostAsJsonAsync("/api/workflow-definitions/import", new { organisationId, document });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"import: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }


    private static string Option(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }

    private static int IntOption(string[] args, string name, int fallback) => int.Parse(Option(args, name, fallback.ToString(Invariant)), Invariant);
}
