using System.Net.Http.Json;
using System.Text.Json;
using Hub.Server.Tests.Infrastructure;
using Hub.Server.Workflows;
using Npgsql;
using static Hub.Server.Tests.Workflows.WorkflowClient;

namespace Hub.Server.Tests.Workflows;

/// <summary>Idle workers sleep instead of polling: they wake on a NOTIFY from the committing transaction, at the
/// earliest due time, or at the 5 s fallback poll, and a timer still fires on time.</summary>
public sealed class WorkerWakeUpTests(HubServerFixture hub) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task IdleNode_LooksAtTheQueueOnlyAtTheFallbackPoll()
    {
        var options = hub.Service<WorkflowHostOptions>();
        var counters = hub.Service<WorkflowCounters>();
        await Task.Delay(TimeSpan.FromSeconds(1));
        var before = counters.QueueLooks;
        await Task.Delay(TimeSpan.FromSeconds(4));
        var looks = counters.QueueLooks - before;
        // Polling every PollInterval (100 ms) would be about 80 looks by two loops in 4 s; sleeping until the 5 s
        // fallback is at most one look per loop.
        Assert.True(looks <= options.WorkerLoops, $"idle loops looked at the queue {looks} times in 4 s");
    }

    [Fact]
    public async Task Delay_DueBeforeTheFallbackPoll_FiresOnTimeByNotification()
    {
        using var alphaAdmin = await hub.SignInAsync("alpha.admin");
        var name = "wake-" + Guid.NewGuid().ToString("N")[..6];
        await ImportAsync(alphaAdmin, hub.Group.Alpha.Id, WorkflowDocuments.Delay(name, "PT1S"));
        // Start right after both loops looked and fell asleep until their next fallback poll (5 s away), so only the
        // notification of the start's commit can wake them in time.
        var counters = hub.Service<WorkflowCounters>();
        var looks = counters.QueueLooks;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (counters.QueueLooks < looks + hub.Service<WorkflowHostOptions>().WorkerLoops && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await Task.Delay(100);
        var started = await StartAsync(alphaAdmin, hub.Group.Alpha.Id, name, new { });
        var id = started.GetProperty("id").GetGuid();
        await WaitForStatusAsync(alphaAdmin, id, "Completed", TimeSpan.FromSeconds(20));

        var journal = await alphaAdmin.GetFromJsonAsync<JsonElement>($"/api/workflow-instances/{id}/journal");
        var end = journal.EnumerateArray().Single(j => j.GetProperty("nodeId").GetString() == "end");
        var late = end.GetProperty("startedAt").GetDateTimeOffset() - started.GetProperty("createdAt").GetDateTimeOffset();
        // Without the notification the loops would wake at their fallback poll, about 4.9 s after the start; the upper
        // bound leaves room for a loaded two-core machine while still telling the two apart.
        Assert.InRange(late, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3.5));
    }

    [Fact]
    public async Task ListenerConnectionKilled_ListensAgainAndTimersStillFire()
    {
        await using var db = NpgsqlDataSource.Create(hub.ConnectionString);
        await WaitForListenerAsync(db);
        await using (var kill = db.CreateCommand(
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN {WorkSignal.Channel}'"))
        {
            Assert.Equal(true, await kill.ExecuteScalarAsync());
        }

        await WaitForListenerAsync(db);
        using var alphaAdmin = await hub.SignInAsync("alpha.admin");
        var name = "relisten-" + Guid.NewGuid().ToString("N")[..6];
        await ImportAsync(alphaAdmin, hub.Group.Alpha.Id, WorkflowDocuments.Delay(name, "PT1S"));
        var id = (await StartAsync(alphaAdmin, hub.Group.Alpha.Id, name, new { })).GetProperty("id").GetGuid();
        await WaitForStatusAsync(alphaAdmin, id, "Completed", TimeSpan.FromSeconds(20));
    }

    private static async Task WaitForListenerAsync(NpgsqlDataSource db)
    {
        for (var i = 0; i < 100; i++)
        {
            await using var find = db.CreateCommand(
                $"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN {WorkSignal.Channel}' AND state = 'idle'");
            if ((long)(await find.ExecuteScalarAsync())! == 1)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("the node has no connection listening for work notifications");
    }
}
