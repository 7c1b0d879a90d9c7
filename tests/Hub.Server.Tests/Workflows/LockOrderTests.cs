using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hub.Server.Tests.Infrastructure;
using Hub.Server.Workflows;
using Hub.Server.Workflows.Stores;
using Npgsql;
using static Hub.Server.Tests.Workflows.WorkflowClient;

namespace Hub.Server.Tests.Workflows;

/// <summary>The host takes locks in one order, the instance row first: an outbound delivery completing while the
/// same instance is cancelled must serialise, never deadlock. Also what task acts answer.</summary>
public sealed class LockOrderTests(HubServerFixture hub) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task CompleteDelivery_WhileCancelHoldsTheInstance_WaitsForItAndNeverDeadlocks()
    {
        using var hold = new SemaphoreSlim(0);
        using var receiver = new LoopbackReceiver(hold: hold);
        using var alphaAdmin = await hub.SignInAsync("alpha.admin");
        var name = "race-" + Guid.NewGuid().ToString("N")[..6];
        await ImportAsync(alphaAdmin, hub.Group.Alpha.Id, WorkflowDocuments.Call(name, receiver.Url));
        var id = (await StartAsync(alphaAdmin, hub.Group.Alpha.Id, name, new { key = "k" })).GetProperty("id").GetGuid();
        await receiver.FirstCall.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // A cancel in progress: the instance row locked, the deletes not yet sent.
        var engine = hub.Service<WorkflowEngine>();
        await using var cancel = await engine.BeginAsync(CancellationToken.None);
        var instance = await InstanceStore.LockAsync(cancel, id, CancellationToken.None);
        hold.Release();
        // The relay now completes the delivery; it must queue behind the cancel on the instance row while holding
        // nothing the cancel needs (the old order held the work item here, and the two deadlocked).
        await WaitForLockWaitAsync(hub.ConnectionString);
        Assert.True(WorkflowEngine.QueueCancel(cancel, instance!, "test", "cancelled while its delivery completes", hub.Service<TimeProvider>().GetUtcNow()));
        await cancel.CommitAsync(CancellationToken.None);

        var done = await WaitForStatusAsync(alphaAdmin, id, "Cancelled", TimeSpan.FromSeconds(10));
        Assert.Equal("Cancelled", done.GetProperty("status").GetString());
        await ServerProcesses.WaitUntilAsync(() => hub.Logs.Lines.Any(l => l.EventId == 4003 && l.Message.Contains(id.ToString(), StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10), "the relay to find its delivery gone");
        Assert.DoesNotContain(hub.Logs.Lines, l => l.EventId == 4001);
        Assert.Equal(1, Assert.Single(receiver.Calls).Value);
        var journal = await alphaAdmin.GetFromJsonAsync<JsonElement>($"/api/workflow-instances/{id}/journal");
        Assert.DoesNotContain(journal.EnumerateArray(), j => j.GetProperty("nodeId").GetString() is "ok" or "failed");
    }

    [Fact]
    public async Task ClaimAndDecide_ByACandidate_AnswerTheTaskInstanceAndItsStatus()
    {
        using var alphaAdmin = await hub.SignInAsync("alpha.admin");
        var name = "act-" + Guid.NewGuid().ToString("N")[..6];
        await ImportAsync(alphaAdmin, hub.Group.Alpha.Id, WorkflowDocuments.Approval(name, 1, [new { kind = "user", value = "alpha.admin" }]));
        var id = (await StartAsync(alphaAdmin, hub.Group.Alpha.Id, name, new { })).GetProperty("id").GetGuid();
        var task = Assert.Single(await InboxAsync(alphaAdmin, id)).GetProperty("id").GetGuid();

        var claimed = await alphaAdmin.PostAsync($"/api/tasks/{task}/claim", null);
        var decided = await DecideAsync(alphaAdmin, task, "approve");

        Assert.Equal(HttpStatusCode.OK, claimed.StatusCode);
        var claim = await claimed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, claim.GetProperty("instanceId").GetGuid());
        Assert.Equal("Suspended", claim.GetProperty("status").GetString());
        var decision = await decided.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, decision.GetProperty("instanceId").GetGuid());
        Assert.Equal("Completed", decision.GetProperty("status").GetString());
    }

    private static async Task WaitForLockWaitAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var waiting = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((long)(await waiting.ExecuteScalarAsync())! == 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "the relay never reached the instance lock");
            await Task.Delay(20);
        }
    }
}
