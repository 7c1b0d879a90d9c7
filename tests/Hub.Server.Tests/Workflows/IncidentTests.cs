using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Hub.Server.Tests.Workflows.WorkflowClient;

namespace Hub.Server.Tests.Workflows;

/// <summary>Operators' acts on incidents through the API: each answers where the instance stands, or refuses with its
/// reason and changes nothing.</summary>
/// <remarks>
/// Graphs under test: <c>start → call(CallHttp) —Succeeded→ ok | —Failed→ failed</c>, the call either to a receiver
/// answering 503 (a Delivery incident after one attempt) or to an ftp URL (a Fault incident: the activity refuses it).
/// </remarks>
public sealed class IncidentTests(SingleDeliveryAttemptFixture hub) : IClassFixture<SingleDeliveryAttemptFixture>
{
    [Fact]
    public async Task Skip_DeliveryIncidentWithAnOutcomeTheNodeDoesNotTake_RefusedAndNothingChanges()
    {
        using var receiver = new LoopbackReceiver(failFirst: 1000);
        using var admin = await hub.SignInAsync("alpha.admin");
        var (instance, incident) = await DeliveryIncidentAsync(admin, receiver);

        var unknown = await admin.PostAsJsonAsync($"/api/incidents/{incident}/skip", new { outcome = "Maybe" });
        var other = await admin.PostAsJsonAsync($"/api/incidents/{incident}/skip", new { outcome = "Succeeded" });

        Assert.Equal(HttpStatusCode.Conflict, unknown.StatusCode);
        Assert.Contains("Node 'call' completes with outcome 'Failed' when its delivery is skipped, not 'Maybe'.", await unknown.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Contains("not 'Succeeded'", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Suspended", (await InstanceAsync(admin, instance)).GetProperty("status").GetString());
        Assert.Contains(await OpenIncidentsAsync(admin), i => i.GetProperty("id").GetGuid() == incident);
        Assert.DoesNotContain(await JournalAsync(admin, instance), j => j.GetProperty("nodeId").GetString() is "ok" or "failed");
    }

    [Fact]
    public async Task Skip_DeliveryIncidentWithTheOutcomeTheNodeTakes_CompletesTheFlowOnce()
    {
        using var receiver = new LoopbackReceiver(failFirst: 1000);
        using var admin = await hub.SignInAsync("alpha.admin");
        var (instance, incident) = await DeliveryIncidentAsync(admin, receiver);

        var skipped = await admin.PostAsJsonAsync($"/api/incidents/{incident}/skip", new { outcome = "Failed" });
        var again = await admin.PostAsJsonAsync($"/api/incidents/{incident}/skip", new { outcome = "Failed" });

        Assert.Equal(HttpStatusCode.OK, skipped.StatusCode);
        var act = await skipped.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(instance, act.GetProperty("instanceId").GetGuid());
        Assert.Equal("Completed", act.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains($"Incident {incident} is skipped.", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(await JournalAsync(admin, instance), j => j.GetProperty("nodeId").GetString() == "failed");
        Assert.DoesNotContain(await OpenIncidentsAsync(admin), i => i.GetProperty("id").GetGuid() == incident);
    }

    [Fact]
    public async Task Retry_DeliveryIncident_DeliversAgainWithTheSameKeyAndCompletes()
    {
        using var receiver = new LoopbackReceiver(failFirst: 1);
        using var admin = await hub.SignInAsync("alpha.admin");
        var (instance, incident) = await DeliveryIncidentAsync(admin, receiver);

        var retried = await admin.PostAsync($"/api/incidents/{incident}/retry", null);

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal("Suspended", (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        await WaitForStatusAsync(admin, instance, "Completed", TimeSpan.FromSeconds(30));
        var call = Assert.Single(receiver.Calls);
        Assert.Equal($"{instance}/call/i0/a1", call.Key);
        Assert.Equal(2, call.Value);
        Assert.Single(await JournalAsync(admin, instance), j => j.GetProperty("nodeId").GetString() == "ok");
    }

    [Fact]
    public async Task Retry_FaultIncident_RunsTheNodeAgainWhichFaultsIntoANewIncident()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var (instance, incident) = await FaultIncidentAsync(admin);

        var retried = await admin.PostAsync($"/api/incidents/{incident}/retry", null);

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal("Faulted", (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var open = (await OpenIncidentsAsync(admin)).Where(i => i.GetProperty("instanceId").GetGuid() == instance).ToList();
        var next = Assert.Single(open);
        Assert.NotEqual(incident, next.GetProperty("id").GetGuid());
        Assert.Equal("Fault", next.GetProperty("kind").GetString());
        Assert.Equal(2, next.GetProperty("attempt").GetInt32());
    }

    [Fact]
    public async Task Skip_FaultIncidentWithAnUnknownOutcome_RefusedNamingTheNodesOutcomes()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var (instance, incident) = await FaultIncidentAsync(admin);

        var refused = await admin.PostAsJsonAsync($"/api/incidents/{incident}/skip", new { outcome = "Maybe" });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("node 'call' (CallHttp) has no outcome 'Maybe' (outcomes: ", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Faulted", (await InstanceAsync(admin, instance)).GetProperty("status").GetString());
        Assert.Contains(await OpenIncidentsAsync(admin), i => i.GetProperty("id").GetGuid() == incident);
    }

    [Fact]
    public async Task Cancel_Incident_CancelsItsInstanceOnceAndJournalsWho()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var (instance, incident) = await FaultIncidentAsync(admin);

        var cancelled = await admin.PostAsync($"/api/incidents/{incident}/cancel", null);
        var again = await admin.PostAsync($"/api/incidents/{incident}/cancel", null);
        var instanceAgain = await admin.PostAsync($"/api/workflow-instances/{instance}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("Cancelled", (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal("Cancelled", (await InstanceAsync(admin, instance)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains($"Incident {incident} is cancelled.", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, instanceAgain.StatusCode);
        Assert.Contains($"Instance {instance} is cancelled; only a running, suspended or faulted instance can be cancelled.",
            await instanceAgain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var act = Assert.Single(await JournalAsync(admin, instance), j => j.GetProperty("event").GetString() == "InstanceCancelled");
        Assert.Equal($"user {hub.Group["alpha.admin"].Id}", act.GetProperty("actor").GetString());
        Assert.Equal($"incident {incident} cancelled", act.GetProperty("message").GetString());
    }

    private async Task<(Guid Instance, Guid Incident)> DeliveryIncidentAsync(HttpClient admin, LoopbackReceiver receiver)
    {
        var name = "delivery-" + Guid.NewGuid().ToString("N")[..6];
        await ImportAsync(admin, hub.Group.Alpha.Id, WorkflowDocuments.Call(name, receiver.Url));
        var instance = (await StartAsync(admin, hub.Group.Alpha.Id, name, new { key = "k" })).GetProperty("id").GetGuid();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var incident = (await OpenIncidentsAsync(admin)).FirstOrDefault(i => i.GetProperty("instanceId").GetGuid() == instance);
            if (incident.ValueKind == JsonValueKind.Object)
            {
                Assert.Equal("Delivery", incident.GetProperty("kind").GetString());
                return (instance, incident.GetProperty("id").GetGuid());
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"no Delivery incident opened for instance {instance} within 30 s");
            await Task.Delay(50);
        }
    }

    private async Task<(Guid Instance, Guid Incident)> FaultIncidentAsync(HttpClient admin)
    {
        var name = "fault-" + Guid.NewGuid().ToString("N")[..6];
        await ImportAsync(admin, hub.Group.Alpha.Id, WorkflowDocuments.Faulting(name));
        var instance = (await StartAsync(admin, hub.Group.Alpha.Id, name, new { })).GetProperty("id").GetGuid();
        var incident = Assert.Single(await OpenIncidentsAsync(admin), i => i.GetProperty("instanceId").GetGuid() == instance);
        return (instance, incident.GetProperty("id").GetGuid());
    }

    private async Task<List<JsonElement>> OpenIncidentsAsync(HttpClient admin) =>
        [.. (await admin.GetFromJsonAsync<JsonElement>($"/api/incidents?organisationId={hub.Group.Alpha.Id}")).EnumerateArray()];

    private static async Task<List<JsonElement>> JournalAsync(HttpClient admin, Guid instance) =>
        [.. (await admin.GetFromJsonAsync<JsonElement>($"/api/workflow-instances/{instance}/journal")).EnumerateArray()];
}
