using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hub.Server.Tests.Infrastructure;
using Hub.Server.Workflows;
using static Hub.Server.Tests.Workflows.WorkflowClient;

namespace Hub.Server.Tests.Workflows;

/// <summary>Bursts on PostgreSQL through the API: one commit per burst, tasks decided by candidates only, timers and
/// outbound calls driven by the node's workers, early signals buffered.</summary>
public sealed class DurableExecutionTests(HubServerFixture hub) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task Decide_ExpenseFlowThroughTheApi_CompletesWithOneCommitPerBurst()
    {
        using var hq = await hub.SignInAsync("hq.admin");
        using var member = await hub.SignInAsync("alpha.member");
        using var alphaAdmin = await hub.SignInAsync("alpha.admin");
        await ImportAsync(hq, hub.Group.Group.Id, WorkflowDocuments.Shipped("expense-reimbursement"));
        var counters = hub.Service<WorkflowCounters>();
        var (bursts, commits) = (counters.Bursts, counters.Commits);

        var started = await StartAsync(member, hub.Group.AlphaDepartment.Id, "expense-reimbursement", new { requestNo = "EX-1", applicant = "alpha.member", amount = 120.5 });
        var id = started.GetProperty("id").GetGuid();
        Assert.Equal("Suspended", started.GetProperty("status").GetString());
        // Alpha has no Approver nor Finance holder: both steps declare escalation, so Alpha's administrators decide.
        for (var step = 0; step < 2; step++)
        {
            var task = Assert.Single(await InboxAsync(alphaAdmin, id));
            var refused = await DecideAsync(member, task.GetProperty("id").GetGuid(), "approve");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("not a candidate", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var decided = await DecideAsync(alphaAdmin, task.GetProperty("id").GetGuid(), "approve", "ok " + step);
            Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        }

        var done = await InstanceAsync(member, id);
        Assert.Equal("Completed", done.GetProperty("status").GetString());
        Assert.Equal(3, counters.Bursts - bursts);
        Assert.Equal(counters.Bursts - bursts, counters.Commits - commits);
        var journal = await member.GetFromJsonAsync<JsonElement>($"/api/workflow-instances/{id}/journal");
        var decisions = journal.EnumerateArray().Where(j => j.GetProperty("event").GetString() == "TaskDecided").ToList();
        Assert.Equal(2, decisions.Count);
        Assert.All(decisions, d => Assert.Equal(hub.Group["alpha.admin"].Id.ToString(), d.GetProperty("actor").GetString()));
        Assert.Contains(journal.EnumerateArray(), j => j.GetProperty("nodeId").GetString() == "approved" && j.GetProperty("event").GetString() == "Completed");
    }

    [Fact]
    public async Task Start_SameCorrelationKeyTwice_ReturnsTheExistingInstance()
    {
        using var alphaAdmin = await hub.SignInAsync("alpha.admin");
        await ImportAsync(alphaAdmin, hub.Group.Alpha.Id, WorkflowDocuments.Approval("corr-" + Guid.NewGuid().ToString("N")[..6], 1, [new { kind = "user", value = "alpha.admin" }]));
        var definitions = await alphaAdmin.GetFromJsonAsync<JsonElement>($"/api/workflow-definitions?organisationId={hub.Group.Alpha.Id}");
        var definitionId = definitions.EnumerateArray().Last(d => d.GetProperty("definitionId").GetString()!.StartsWith("corr-", StringComparison.Ordinal)).GetProperty("definitionId").GetString()!;
        var first = await StartAsync(alphaAdmin, hub.Group.Alpha.Id, definitionId, new { }, "OA-42-" + definitionId);
        var second = await alphaAdmin.PostAsJsonAsync("/api/workflow-instances", new { organisationId = hub.Group.Alpha.Id, definitionId, input = new { }, correlationKey = "OA-42-" + definitionId });
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(first.GetProperty("id").GetGuid(), (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task CallHttp_ReceiverFailsTwice_RetriedWithOneIdempotencyKeyAndCompletes()
    {
        using var receiver = new LoopbackReceiver(failFirst: 2);
        using var alphaAdmin = await hub.SignInAsync("alpha.admin");
        var name = "call-" + Guid.NewGuid().ToString("N")[..6];
        await ImportAsync(alphaAdmin, hub.Group.Alpha.Id, WorkflowDocuments.Call(name, receiver.Url));
        var id = (await StartAsync(alphaAdmin, hub.Group.Alpha.Id, name, new { key = "k" })).GetProperty("id").GetGuid();
        var done = await WaitForStatusAsync(alphaAdmin, id, "Completed", TimeSpan.FromSeconds(30));
        var call = Assert.Single(receiver.Calls);
        Assert.Equal($"{id}/call/i0/a1", call.Key);
        Assert.Equal(3, call.Value);
        var journal = await alphaAdmin.GetFromJsonAsync<JsonElement>($"/api/workflow-instances/{id}/journal");
        Assert.Contains(journal.EnumerateArray(), j => j.GetProperty("nodeId").GetString() == "ok");
        Assert.Equal("Completed", done.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Delay_TimerDue_FiresOnceThroughTheWorker()
    {
        using var alphaAdmin = await hub.SignInAsync("alpha.admin");
        var name = "delay-" + Guid.NewGuid().ToString("N")[..6];
        await ImportAsync(alphaAdmin, hub.Group.Alpha.Id, WorkflowDocuments.Delay(name, "PT1S"));
        var id = (await StartAsync(alphaAdmin, hub.Group.Alpha.Id, name, new { })).GetProperty("id").GetGuid();
        Assert.Equal("Suspended", (await InstanceAsync(alphaAdmin, id)).GetProperty("status").GetString());
        await WaitForStatusAsync(alphaAdmin, id, "Completed", TimeSpan.FromSeconds(20));
        var journal = await alphaAdmin.GetFromJsonAsync<JsonElement>($"/api/workflow-instances/{id}/journal");
        Assert.Single(journal.EnumerateArray(), j => j.GetProperty("nodeId").GetString() == "end");
    }

    [Fact]
    public async Task Signal_ArrivesBeforeTheBookmark_IsBufferedThenDelivered()
    {
        using var alphaAdmin = await hub.SignInAsync("alpha.admin");
        var name = "signal-" + Guid.NewGuid().ToString("N")[..6];
        await ImportAsync(alphaAdmin, hub.Group.Alpha.Id, WorkflowDocuments.Signal(name, "oa-approved"));
        var early = await alphaAdmin.PostAsJsonAsync("/api/workflow-signals", new { organisationId = hub.Group.Alpha.Id, name = "oa-approved", correlationKey = name, payload = new { ok = true } });
        Assert.Equal(HttpStatusCode.Accepted, early.StatusCode);
        var id = (await StartAsync(alphaAdmin, hub.Group.Alpha.Id, name, new { key = name })).GetProperty("id").GetGuid();
        await WaitForStatusAsync(alphaAdmin, id, "Completed", TimeSpan.FromSeconds(20));

        var late = (await StartAsync(alphaAdmin, hub.Group.Alpha.Id, name, new { key = name + "-2" })).GetProperty("id").GetGuid();
        var direct = await alphaAdmin.PostAsJsonAsync("/api/workflow-signals", new { organisationId = hub.Group.Alpha.Id, name = "oa-approved", correlationKey = name + "-2" });
        Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
        Assert.Equal("Completed", (await InstanceAsync(alphaAdmin, late)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Incident_FaultedNode_OperatorSkipsAndTheFlowCarriesOn()
    {
        using var alphaAdmin = await hub.SignInAsync("alpha.admin");
        var name = "fault-" + Guid.NewGuid().ToString("N")[..6];
        await ImportAsync(alphaAdmin, hub.Group.Alpha.Id, WorkflowDocuments.Faulting(name));
        var id = (await StartAsync(alphaAdmin, hub.Group.Alpha.Id, name, new { })).GetProperty("id").GetGuid();
        Assert.Equal("Faulted", (await InstanceAsync(alphaAdmin, id)).GetProperty("status").GetString());
        var incidents = await alphaAdmin.GetFromJsonAsync<JsonElement>($"/api/incidents?organisationId={hub.Group.Alpha.Id}");
        var incident = Assert.Single(incidents.EnumerateArray(), i => i.GetProperty("instanceId").GetGuid() == id);
        Assert.Equal("invalid-input", incident.GetProperty("errorType").GetString());
        var badOutcome = await alphaAdmin.PostAsJsonAsync($"/api/incidents/{incident.GetProperty("id")}/skip", new { outcome = "Maybe" });
        Assert.Equal(HttpStatusCode.Conflict, badOutcome.StatusCode);
        Assert.Contains("has no outcome 'Maybe'", await badOutcome.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var skipped = await alphaAdmin.PostAsJsonAsync($"/api/incidents/{incident.GetProperty("id")}/skip", new { outcome = "Failed" });
        Assert.Equal(HttpStatusCode.OK, skipped.StatusCode);
        Assert.Equal("Completed", (await InstanceAsync(alphaAdmin, id)).GetProperty("status").GetString());
    }

    // start -> fork -> [each kind, bookmarks created in this order] -> join(firstWins) -> end
    // A burst that creates a task or signal wait (no due time) before a timer used to crash the commit: the bookmarks'
    // due times went out as an untyped array whose type Npgsql guessed from its first, null, element.
    [Theory]
    [InlineData("approval", "delay")]
    [InlineData("delay", "approval")]
    [InlineData("signal", "approval", "delay")]
    [InlineData("approval", "signal", "delay")]
    public async Task Start_BurstCreatesMixedBookmarkKinds_CommitsAndTheApprovalWins(params string[] kinds)
    {
        using var alphaAdmin = await hub.SignInAsync("alpha.admin");
        var name = "mixed-" + Guid.NewGuid().ToString("N")[..6];
        await ImportAsync(alphaAdmin, hub.Group.Alpha.Id, WorkflowDocuments.Parallel(name, kinds));

        var started = await StartAsync(alphaAdmin, hub.Group.Alpha.Id, name, new { key = name });
        var id = started.GetProperty("id").GetGuid();

        Assert.Equal("Suspended", started.GetProperty("status").GetString());
        var task = Assert.Single(await InboxAsync(alphaAdmin, id));
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(alphaAdmin, task.GetProperty("id").GetGuid(), "approve")).StatusCode);
        Assert.Equal("Completed", (await InstanceAsync(alphaAdmin, id)).GetProperty("status").GetString());
        var journal = await alphaAdmin.GetFromJsonAsync<JsonElement>($"/api/workflow-instances/{id}/journal");
        Assert.Single(journal.EnumerateArray(), j => j.GetProperty("nodeId").GetString() == "end");
    }

    // start -> fork -> [fault (incident), approval] -> join(firstWins) -> end
    // Skipping the incident must not drop the approval branch that was scheduled behind the faulted node.
    [Fact]
    public async Task Skip_FaultBesideAParallelApproval_TheApprovalStillRunsAndDecides()
    {
        using var alphaAdmin = await hub.SignInAsync("alpha.admin");
        var name = "parfault-" + Guid.NewGuid().ToString("N")[..6];
        await ImportAsync(alphaAdmin, hub.Group.Alpha.Id, WorkflowDocuments.Parallel(name, "fault", "approval"));
        var id = (await StartAsync(alphaAdmin, hub.Group.Alpha.Id, name, new { })).GetProperty("id").GetGuid();
        Assert.Equal("Faulted", (await InstanceAsync(alphaAdmin, id)).GetProperty("status").GetString());
        var incidents = await alphaAdmin.GetFromJsonAsync<JsonElement>($"/api/incidents?organisationId={hub.Group.Alpha.Id}");
        var incident = Assert.Single(incidents.EnumerateArray(), i => i.GetProperty("instanceId").GetGuid() == id);

        var skipped = await alphaAdmin.PostAsJsonAsync($"/api/incidents/{incident.GetProperty("id")}/skip", new { outcome = "Failed" });

        Assert.Equal(HttpStatusCode.OK, skipped.StatusCode);
        Assert.Equal("Suspended", (await skipped.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var task = Assert.Single(await InboxAsync(alphaAdmin, id));
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(alphaAdmin, task.GetProperty("id").GetGuid(), "approve")).StatusCode);
        Assert.Equal("Completed", (await InstanceAsync(alphaAdmin, id)).GetProperty("status").GetString());
        var journal = await alphaAdmin.GetFromJsonAsync<JsonElement>($"/api/workflow-instances/{id}/journal");
        Assert.Single(journal.EnumerateArray(), j => j.GetProperty("nodeId").GetString() == "end");
    }

    // start -> fork -> [delay PT1S, fault (incident)] -> join(firstWins) -> end
    // The timer falls due while the instance is faulted: nothing runs then, but the wait must not be lost, so once the
    // incident is skipped the timer fires and the join completes the instance.
    [Fact]
    public async Task Skip_TimerFellDueDuringTheIncident_FiresAfterTheSkip()
    {
        using var alphaAdmin = await hub.SignInAsync("alpha.admin");
        var name = "faultwait-" + Guid.NewGuid().ToString("N")[..6];
        await ImportAsync(alphaAdmin, hub.Group.Alpha.Id, WorkflowDocuments.ParallelWithDelay(name, "PT1S", "delay", "fault"));
        var id = (await StartAsync(alphaAdmin, hub.Group.Alpha.Id, name, new { })).GetProperty("id").GetGuid();
        Assert.Equal("Faulted", (await InstanceAsync(alphaAdmin, id)).GetProperty("status").GetString());
        await WaitForNoDueWorkAsync(id, TimeSpan.FromSeconds(20));
        var incidents = await alphaAdmin.GetFromJsonAsync<JsonElement>($"/api/incidents?organisationId={hub.Group.Alpha.Id}");
        var incident = Assert.Single(incidents.EnumerateArray(), i => i.GetProperty("instanceId").GetGuid() == id);

        var skipped = await alphaAdmin.PostAsJsonAsync($"/api/incidents/{incident.GetProperty("id")}/skip", new { outcome = "Failed" });

        Assert.Equal(HttpStatusCode.OK, skipped.StatusCode);
        await WaitForStatusAsync(alphaAdmin, id, "Completed", TimeSpan.FromSeconds(20));
        var journal = await alphaAdmin.GetFromJsonAsync<JsonElement>($"/api/workflow-instances/{id}/journal");
        Assert.Single(journal.EnumerateArray(), j => j.GetProperty("nodeId").GetString() == "delay" && j.GetProperty("event").GetString() == "Completed");
    }

    // start -> fork -> [signal wait, fault (incident)] -> join(firstWins) -> end
    // A signal sent while the waiting instance is faulted is buffered for it (202), not refused with a 500, and the
    // wait takes it once the incident is skipped.
    [Fact]
    public async Task Signal_WhileTheWaitingInstanceIsFaulted_BufferedAndTakenAfterTheSkip()
    {
        using var alphaAdmin = await hub.SignInAsync("alpha.admin");
        var name = "faultsignal-" + Guid.NewGuid().ToString("N")[..6];
        await ImportAsync(alphaAdmin, hub.Group.Alpha.Id, WorkflowDocuments.Parallel(name, "signal", "fault"));
        var id = (await StartAsync(alphaAdmin, hub.Group.Alpha.Id, name, new { key = name })).GetProperty("id").GetGuid();
        Assert.Equal("Faulted", (await InstanceAsync(alphaAdmin, id)).GetProperty("status").GetString());

        var sent = await alphaAdmin.PostAsJsonAsync("/api/workflow-signals", new { organisationId = hub.Group.Alpha.Id, name = "go", correlationKey = name });

        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        Assert.Equal("Faulted", (await InstanceAsync(alphaAdmin, id)).GetProperty("status").GetString());
        var incidents = await alphaAdmin.GetFromJsonAsync<JsonElement>($"/api/incidents?organisationId={hub.Group.Alpha.Id}");
        var incident = Assert.Single(incidents.EnumerateArray(), i => i.GetProperty("instanceId").GetGuid() == id);
        var skipped = await alphaAdmin.PostAsJsonAsync($"/api/incidents/{incident.GetProperty("id")}/skip", new { outcome = "Failed" });
        Assert.Equal(HttpStatusCode.OK, skipped.StatusCode);
        await WaitForStatusAsync(alphaAdmin, id, "Completed", TimeSpan.FromSeconds(20));
    }

    /// <summary>Waits until the instance has no queued work (its workers took every due item).</summary>
    private async Task WaitForNoDueWorkAsync(Guid instanceId, TimeSpan timeout)
    {
        await using var db = Npgsql.NpgsqlDataSource.Create(hub.ConnectionString);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await using var count = db.CreateCommand("SELECT count(*) FROM hub.workflow_work_items WHERE instance_id = $1");
            count.Parameters.AddWithValue(instanceId);
            if ((long)(await count.ExecuteScalarAsync())! == 0)
            {
                return;
            }

            Assert.True(clock.Elapsed < timeout, $"instance {instanceId} still has due work after {timeout}");
            await Task.Delay(50);
        }
    }
}
