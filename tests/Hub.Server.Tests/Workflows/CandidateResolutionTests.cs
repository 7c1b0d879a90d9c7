using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hub.Server.Tests.Infrastructure;
using Hub.Workflows.Effects;
using static Hub.Server.Tests.Workflows.WorkflowClient;

namespace Hub.Server.Tests.Workflows;

/// <summary>
/// Who decides is the directory's answer over the organisation tree, and a candidate that names nobody is never
/// replaced silently: publishing refuses what could never resolve; at run time the step faults naming what was
/// missing (retried once the organisation is fixed) unless it declares escalation.
/// </summary>
public sealed class CandidateResolutionTests(HubServerFixture hub) : IClassFixture<HubServerFixture>
{
    private static string NewName() => "cand-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Import_UnknownRoleAndPosition_RefusedNamingEach()
    {
        using var alphaAdmin = await hub.SignInAsync("alpha.admin");
        var document = WorkflowDocuments.Approval(NewName(), 1, [new { kind = "role", value = "hr", scope = "applicant-company" },
            new { kind = "position", value = "legal-representative", scope = "applicant-company" }]);

        var response = await alphaAdmin.PostAsJsonAsync("/api/workflow-definitions/import", new { organisationId = hub.Group.Alpha.Id, document });

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("unresolvable-candidate", body, StringComparison.Ordinal);
        Assert.Contains("role 'hr' is not one of", body, StringComparison.Ordinal);
        Assert.Contains("position 'legal-representative' is not one of applicant, department-head", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_RoleWithoutHolder_FaultsNamingItAndRetryAfterTheGrantAsksTheHolder()
    {
        using var hq = await hub.SignInAsync("hq.admin");
        using var alphaAdmin = await hub.SignInAsync("alpha.admin");
        using var member = await hub.SignInAsync("alpha.member");
        var name = NewName();
        await ImportAsync(alphaAdmin, hub.Group.Alpha.Id, WorkflowDocuments.Approval(name, 1, [new { kind = "role", value = "SealCustodian", scope = "organisation" }]));

        var started = await StartAsync(alphaAdmin, hub.Group.AlphaDepartment.Id, name, new { });
        var id = started.GetProperty("id").GetGuid();

        Assert.Equal("Faulted", started.GetProperty("status").GetString());
        Assert.Empty(await InboxAsync(alphaAdmin, id));
        var incident = Assert.Single((await alphaAdmin.GetFromJsonAsync<JsonElement>($"/api/incidents?organisationId={hub.Group.Alpha.Id}"))
            .EnumerateArray(), i => i.GetProperty("instanceId").GetGuid() == id);
        Assert.Contains("no candidate resolved to a person: nobody holds SealCustodian over organisation", incident.GetProperty("message").GetString(),
            StringComparison.Ordinal);
        var journal = await alphaAdmin.GetFromJsonAsync<JsonElement>($"/api/workflow-instances/{id}/journal");
        Assert.Contains(journal.EnumerateArray(), j => j.GetProperty("event").GetString() == "TaskUnresolved");

        // The organisation is fixed: alpha.member becomes the department's seal custodian; the retried attempt asks again.
        var granted = await hq.PostAsJsonAsync($"/api/users/{hub.Group["alpha.member"].Id}/roles",
            new { role = "SealCustodian", organisationId = hub.Group.AlphaDepartment.Id });
        Assert.True(granted.IsSuccessStatusCode, await granted.Content.ReadAsStringAsync());
        var retried = await alphaAdmin.PostAsync($"/api/incidents/{incident.GetProperty("id")}/retry", null);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);

        var task = Assert.Single(await InboxAsync(member, id));
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(member, task.GetProperty("id").GetGuid(), "approve")).StatusCode);
        Assert.Equal("Completed", (await InstanceAsync(member, id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Start_NobodyResolvesButEscalationDeclared_AdministratorsDecideAndTheJournalSaysSo()
    {
        using var alphaAdmin = await hub.SignInAsync("alpha.admin");
        var name = NewName();
        await ImportAsync(alphaAdmin, hub.Group.Alpha.Id, WorkflowDocuments.Approval(name, 1, [new { kind = "user", value = "committee-member-1" }], "any",
            new { whenNoCandidate = "escalate" }));

        var started = await StartAsync(alphaAdmin, hub.Group.Alpha.Id, name, new { });
        var id = started.GetProperty("id").GetGuid();

        Assert.Equal("Suspended", started.GetProperty("status").GetString());
        var task = Assert.Single(await InboxAsync(alphaAdmin, id));
        Assert.Equal([hub.Group["alpha.admin"].Id], task.GetProperty("candidateIds").EnumerateArray().Select(c => c.GetGuid()));
        var journal = await alphaAdmin.GetFromJsonAsync<JsonElement>($"/api/workflow-instances/{id}/journal");
        var created = Assert.Single(journal.EnumerateArray(), j => j.GetProperty("event").GetString() == "TaskCreated");
        Assert.Contains("no candidate resolved (user 'committee-member-1' does not exist), so the administrators decide as the step declares",
            created.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void EffectHandlers_CoverEveryKindTheHubsActivitiesEmit()
    {
        var kinds = hub.Service<EffectHandlers>().Kinds;

        Assert.Equal(["documents.archive", "documents.evidence-report", "documents.generate", "http", "identity.fresh-authentication",
            "identity.verify-enterprise", "identity.verify-person", "seals.apply", "seals.authorise", "seals.personal-signature", "seals.physical-use"], kinds);
    }
}
