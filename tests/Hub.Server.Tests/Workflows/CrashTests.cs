using System.Net.Http.Json;
using System.Text.Json;
using Hub.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Hub.Server.Tests.Workflows;

/// <summary>
/// SIGKILL at random points (seeded) while a real <c>hub serve</c> runs a load of expense and CallHttp instances,
/// then a restart that finishes the work. What "exactly once" means here, precisely:
/// <list type="bullet">
/// <item>no lost and no duplicated instance: every correlation key the clients started has exactly one instance, and
/// every instance is Completed;</item>
/// <item>no duplicated burst: each instance's row version equals the bursts its flow needs (expense 3: start and two
/// decisions; call 2: start and the delivery's completion), and each node completed once in its journal;</item>
/// <item>no duplicated task: each approval node created one task and it was decided once;</item>
/// <item>no duplicated outbound call: the receiver saw exactly one Idempotency-Key per CallHttp instance, the key
/// derived from (instance, node, iteration, attempt). A call may reach the receiver again under the same key when a
/// node died between the call and its commit (at-least-once delivery); the receiver acknowledges a repeated key
/// without a second effect, so the assertion is on distinct keys, and the repeats are reported.</item>
/// </list>
/// </summary>
[Collection(ProcessLoadCollection.Name)]
public sealed class CrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Seed = 20240611;
    private const int Kills = 10;
    private readonly string data = Directory.CreateTempSubdirectory("hub-crash-").FullName;

    [Fact]
    public async Task Serve_KilledAtRandomPointsUnderLoad_EveryInstanceEndsExactlyOnce()
    {
        var random = new Random(Seed);
        using var receiver = new LoopbackReceiver();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var driver = new LoadDriver("crash", expenses: 20, calls: 20, callDefinition: "crash-call");
        using (var first = ServeNode.Start(data))
        {
            await first.WaitReadyAsync(TimeSpan.FromMinutes(2));
            using var admin = await first.SignInAsync("hq.admin");
            var group = (await LoadDriver.SignInAsync(first)).Group;
            await WorkflowClient.ImportAsync(admin, group, WorkflowDocuments.Shipped("expense-reimbursement"));
            await WorkflowClient.ImportAsync(admin, group, WorkflowDocuments.Call("crash-call", receiver.Url));
            await first.KillAsync();
        }

        for (var kill = 0; kill < Kills; kill++)
        {
            using var node = ServeNode.Start(data);
            // Most kills land while the load runs; some while the node is still starting (recovery, migrations).
            var duringStart = random.NextDouble() < 0.2;
            var delay = TimeSpan.FromMilliseconds(duringStart ? random.Next(500, 3000) : random.Next(200, 2500));
            if (!duringStart)
            {
                await node.WaitReadyAsync(TimeSpan.FromMinutes(2));
                using var stop = new CancellationTokenSource(delay);
                try
                {
                    await driver.DriveAsync(await LoadDriver.SignInAsync(node), stop.Token);
                }
                catch (HttpRequestException)
                {
                    // Killed while signing in: the next life signs in again.
                }
            }
            else
            {
                await Task.Delay(delay);
            }

            // Restarted at once, as an operator would: the next start races the dead node's watchdog.
            await node.KillAsync();
            output.WriteLine($"kill {kill + 1} after {delay.TotalMilliseconds:0} ms {(duringStart ? "of starting" : "of load")}: " +
                             $"{driver.Started.Count} started, {receiver.Calls.Count} keys received");
        }

        using var last = ServeNode.Start(data);
        await last.WaitReadyAsync(TimeSpan.FromMinutes(2));
        var clients = await LoadDriver.SignInAsync(last);
        using (var stop = new CancellationTokenSource())
        {
            var drive = driver.DriveAsync(clients, stop.Token);
            await ServerProcesses.WaitUntilAsync(() => driver.AllStarted && AllCompleted(clients).GetAwaiter().GetResult(),
                TimeSpan.FromSeconds(100), "every instance to complete after the last restart");
            await stop.CancelAsync();
            await drive;
        }

        var instances = (await clients.Admin.GetFromJsonAsync<JsonElement>($"/api/workflow-instances?organisationId={clients.Group}"))
            .EnumerateArray().Where(i => i.GetProperty("correlationKey").GetString()?.StartsWith("crash-", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(driver.Keys.Order(StringComparer.Ordinal), instances.Select(i => i.GetProperty("correlationKey").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(instances, i => Assert.Equal(driver.Started[i.GetProperty("correlationKey").GetString()!], i.GetProperty("id").GetGuid()));
        Assert.All(instances, i => Assert.Equal("Completed", i.GetProperty("status").GetString()));
        foreach (var instance in instances)
        {
            var id = instance.GetProperty("id").GetGuid();
            var isCall = instance.GetProperty("definitionId").GetString() == "crash-call";
            Assert.Equal(isCall ? 2 : 3, instance.GetProperty("version").GetInt32());
            var journal = (await clients.Admin.GetFromJsonAsync<JsonElement>($"/api/workflow-instances/{id}/journal")).EnumerateArray().ToList();
            var completed = journal.Where(j => j.GetProperty("event").GetString() == "Completed").Select(j => j.GetProperty("nodeId").GetString()).ToList();
            Assert.Equal(isCall ? ["start", "call", "ok"] : ["start", "head", "finance", "large", "approved"], completed);
            if (!isCall)
            {
                foreach (var act in new[] { "TaskCreated", "TaskDecided" })
                {
                    Assert.Equal(["finance", "head"], journal.Where(j => j.GetProperty("event").GetString() == act)
                        .Select(j => j.GetProperty("nodeId").GetString()).Order(StringComparer.Ordinal));
                }
            }
        }

        var expectedKeys = instances.Where(i => i.GetProperty("definitionId").GetString() == "crash-call")
            .Select(i => $"{i.GetProperty("id").GetGuid()}/call/i0/a1").Order(StringComparer.Ordinal);
        Assert.Equal(expectedKeys, receiver.Calls.Keys.Order(StringComparer.Ordinal));
        var repeats = receiver.Calls.Values.Sum() - receiver.Calls.Count;
        output.WriteLine($"{instances.Count} instances completed once each after {Kills} kills in {clock.Elapsed.TotalSeconds:0} s; " +
                         $"{receiver.Calls.Count} idempotency keys, {repeats} repeated deliveries under the same key");
        Assert.InRange(repeats, 0, Kills);
    }

    private static async Task<bool> AllCompleted(LoadDriver.Clients clients)
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
