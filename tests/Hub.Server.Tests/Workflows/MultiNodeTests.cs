using System.Net.Http.Json;
using System.Text.Json;
using Hub.Server.Database;
using Hub.Server.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Hub.Server.Tests.Workflows;

/// <summary>
/// Three <c>hub serve</c> nodes on one PostgreSQL: the first runs the embedded cluster, the others join it with
/// <c>--connection</c> on ports of their own. Load goes to all three at once (the same correlation keys from every
/// node), timers run on whichever node takes them, and one joined node is killed with SIGKILL midway. Checked: one
/// instance per key; each instance's row version equals the bursts its flow needs, so no two nodes ever both
/// committed a step (the version check would have refused the second, and a lost step would leave it short); each
/// timer fired once (its end node completed once); the work of the killed node was finished by the others.
/// </summary>
[Collection(ProcessLoadCollection.Name)]
public sealed class MultiNodeTests(ITestOutputHelper output) : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("hub-nodes-").FullName;

    [Fact]
    public async Task Serve_ThreeNodesOneDatabaseOneKilled_EveryInstanceRunOnceAndFinished()
    {
        using var receiver = new LoopbackReceiver();
        using var first = ServeNode.Start(data);
        await first.WaitReadyAsync(TimeSpan.FromMinutes(2));
        // Attaching to the live cluster of the first node gives its connection string (EmbeddedPostgres.Attached).
        var cluster = new EmbeddedPostgres(new EmbeddedPostgresOptions { DataDirectory = Path.Combine(data, "pg") }, NullLogger.Instance);
        await cluster.StartAsync(CancellationToken.None);
        Assert.True(cluster.Attached);
        using var second = ServeNode.Start(data, "--connection", cluster.ConnectionString);
        using var third = ServeNode.Start(data, "--connection", cluster.ConnectionString);
        await Task.WhenAll(second.WaitReadyAsync(TimeSpan.FromMinutes(2)), third.WaitReadyAsync(TimeSpan.FromMinutes(2)));

        var nodes = new[] { await LoadDriver.SignInAsync(first), await LoadDriver.SignInAsync(second), await LoadDriver.SignInAsync(third) };
        var group = nodes[0].Group;
        await WorkflowClient.ImportAsync(nodes[0].Admin, group, WorkflowDocuments.Shipped("expense-reimbursement"));
        await WorkflowClient.ImportAsync(nodes[1].Admin, group, WorkflowDocuments.Call("nodes-call", receiver.Url));
        await WorkflowClient.ImportAsync(nodes[2].Admin, group, WorkflowDocuments.Delay("nodes-delay", "PT2S"));
        var timers = new List<Guid>();
        for (var i = 0; i < 15; i++)
        {
            timers.Add((await WorkflowClient.StartAsync(nodes[i % 3].Admin, group, "nodes-delay", new { }, $"nodes-delay-{i}")).GetProperty("id").GetGuid());
        }

        var driver = new LoadDriver("nodes", expenses: 15, calls: 15, callDefinition: "nodes-call");
        using (var stop = new CancellationTokenSource())
        {
            var drives = nodes.Select(n => driver.DriveAsync(n, stop.Token)).ToList();
            await ServerProcesses.WaitUntilAsync(() => driver.Started.Count >= 20, TimeSpan.FromSeconds(60), "20 starts");
            await second.KillAsync();
            output.WriteLine($"killed the second node with {driver.Started.Count} started and {receiver.Calls.Count} keys received");
            await ServerProcesses.WaitUntilAsync(() => driver.AllStarted, TimeSpan.FromSeconds(60), "every start");
            // Leases of the killed node's deliveries expire after 30 s; then another node repeats them.
            await ServerProcesses.WaitUntilAsync(() => CompletedAsync(nodes[0]).GetAwaiter().GetResult(), TimeSpan.FromSeconds(90),
                "every instance to complete on the surviving nodes");
            await stop.CancelAsync();
            await Task.WhenAll(drives);
        }

        var instances = (await nodes[0].Admin.GetFromJsonAsync<JsonElement>($"/api/workflow-instances?organisationId={group}")).EnumerateArray().ToList();
        Assert.Equal(driver.Keys.Count() + timers.Count, instances.Count);
        Assert.Equal(instances.Count, instances.Select(i => i.GetProperty("correlationKey").GetString()).Distinct().Count());
        foreach (var instance in instances)
        {
            var definition = instance.GetProperty("definitionId").GetString();
            Assert.Equal(definition == "expense-reimbursement" ? 3 : 2, instance.GetProperty("version").GetInt32());
            var journal = (await nodes[2].Admin.GetFromJsonAsync<JsonElement>($"/api/workflow-instances/{instance.GetProperty("id")}/journal")).EnumerateArray();
            var ends = journal.Count(j => j.GetProperty("event").GetString() == "Completed" && j.GetProperty("nodeId").GetString() is "end" or "ok" or "approved");
            Assert.Equal(1, ends);
        }

        Assert.Equal(15, receiver.Calls.Count);
        output.WriteLine($"{instances.Count} instances, each run once; {receiver.Calls.Values.Sum() - receiver.Calls.Count} repeated deliveries under the same key");
    }

    private static async Task<bool> CompletedAsync(LoadDriver.Clients clients)
    {
        var list = await clients.Admin.GetFromJsonAsync<JsonElement>($"/api/workflow-instances?organisationId={clients.Group}");
        return list.EnumerateArray().All(i => i.GetProperty("status").GetString() == "Completed");
    }

    public void Dispose()
    {
        foreach (var pid in ServerProcesses.PostgresFor(data))
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill();
        }

        Directory.Delete(data, recursive: true);
    }
}
