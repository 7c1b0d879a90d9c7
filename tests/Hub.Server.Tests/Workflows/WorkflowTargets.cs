using System.Net.Http.Json;
using System.Text.Json;
using Hub.Server.Tests.Infrastructure;
using static Hub.Server.Tests.Workflows.WorkflowClient;

namespace Hub.Server.Tests.Workflows;

/// <summary>Fresh workflow data of Alpha for the access tests: each act that consumes its target (publish, retire,
/// claim, decide, delegate, retry, skip, cancel) gets one of its own.</summary>
internal sealed record WorkflowTargets(string DefinitionId, Guid DraftId, Guid PublishedId, Guid InstanceId, Guid CancelInstanceId,
    Guid ClaimTaskId, Guid DecideTaskId, Guid DelegateTaskId, Guid RetryIncidentId, Guid SkipIncidentId, Guid CancelIncidentId,
    Guid NotificationId)
{
    public static async Task<WorkflowTargets> CreateAsync(HubServerFixture hub, HttpClient alphaAdmin)
    {
        var alpha = hub.Group.Alpha.Id;
        var name = "targets-" + Guid.NewGuid().ToString("N")[..8];
        var published = await ImportAsync(alphaAdmin, alpha, WorkflowDocuments.Approval(name, 1, [new { kind = "user", value = "alpha.admin" }]));
        var draft = await alphaAdmin.PostAsJsonAsync("/api/workflow-definitions", new { organisationId = alpha, document = WorkflowDocuments.Approval(name, 2, [new { kind = "user", value = "alpha.admin" }]) });
        var draftId = (await draft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        async Task<(Guid Instance, Guid Task)> TaskAsync()
        {
            var id = (await StartAsync(alphaAdmin, alpha, name, new { })).GetProperty("id").GetGuid();
            return (id, (await InboxAsync(alphaAdmin, id)).Single().GetProperty("id").GetGuid());
        }

        var faulting = "targets-fault-" + Guid.NewGuid().ToString("N")[..8];
        await ImportAsync(alphaAdmin, alpha, WorkflowDocuments.Faulting(faulting));
        async Task<Guid> IncidentAsync()
        {
            var id = (await StartAsync(alphaAdmin, alpha, faulting, new { })).GetProperty("id").GetGuid();
            var incidents = await alphaAdmin.GetFromJsonAsync<JsonElement>($"/api/incidents?organisationId={alpha}");
            return incidents.EnumerateArray().Single(i => i.GetProperty("instanceId").GetGuid() == id).GetProperty("id").GetGuid();
        }

        var (instance, claim) = await TaskAsync();
        var (cancel, _) = await TaskAsync();
        var (_, decide) = await TaskAsync();
        var (_, delegated) = await TaskAsync();
        return new WorkflowTargets(name, draftId, published.GetProperty("id").GetGuid(), instance, cancel, claim, decide, delegated,
            await IncidentAsync(), await IncidentAsync(), await IncidentAsync(), await NotificationAsync(hub, alphaAdmin));
    }

    /// <summary>A notification of alpha.admin's: one reminder of a task, after which nothing more is written.</summary>
    private static async Task<Guid> NotificationAsync(HubServerFixture hub, HttpClient alphaAdmin)
    {
        var name = "targets-remind-" + Guid.NewGuid().ToString("N")[..8];
        await ImportAsync(alphaAdmin, hub.Group.Alpha.Id, WorkflowDocuments.Approval(name, 1, [new { kind = "user", value = "alpha.admin" }], "any",
            new { remindEvery = "PT0.5S", reminderLimit = 1 }));
        var id = (await StartAsync(alphaAdmin, hub.Group.Alpha.Id, name, new { })).GetProperty("id").GetGuid();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var mine = await alphaAdmin.GetFromJsonAsync<JsonElement>("/api/notifications");
            var notice = mine.EnumerateArray().FirstOrDefault(n => n.GetProperty("instanceId").GetGuid() == id);
            if (notice.ValueKind == JsonValueKind.Object)
            {
                return notice.GetProperty("id").GetGuid();
            }

            Assert.True(DateTime.UtcNow < deadline, "no reminder reached alpha.admin within 30 s");
            await Task.Delay(100);
        }
    }
}
