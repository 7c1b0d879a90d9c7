using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hub.Server.Tests.Infrastructure;
using static Hub.Server.Tests.Workflows.WorkflowClient;

namespace Hub.Server.Tests.Workflows;

/// <summary>A returned approval goes back to the person who started the instance, through the same inbox and
/// decision endpoints, and comes back to the approvers when resubmitted.</summary>
public sealed class ReturnToApplicantTests(HubServerFixture hub) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task Return_ApplicantResubmits_ApproverDecidesAgainAndInstanceCompletes()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        using var member = await hub.SignInAsync("alpha.member");
        var name = "return-" + Guid.NewGuid().ToString("N")[..8];
        await ImportAsync(admin, hub.Group.Alpha.Id,
            WorkflowDocuments.Approval(name, 1, [new { kind = "user", value = "alpha.admin" }], "any", new { returnTo = "applicant" }));
        var id = (await StartAsync(member, hub.Group.AlphaDepartment.Id, name, new { })).GetProperty("id").GetGuid();

        var first = Assert.Single(await InboxAsync(admin, id)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(admin, first, "return", "wrong cost centre")).StatusCode);

        Assert.Empty(await InboxAsync(admin, id));
        var revise = Assert.Single(await InboxAsync(member, id));
        Assert.Equal("Returned for revision: Please decide", revise.GetProperty("title").GetString());
        Assert.Equal([hub.Group["alpha.member"].Id], revise.GetProperty("candidateIds").EnumerateArray().Select(c => c.GetGuid()));
        Assert.Equal(HttpStatusCode.Forbidden, (await DecideAsync(admin, revise.GetProperty("id").GetGuid(), "approve")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(member, revise.GetProperty("id").GetGuid(), "approve", "cost centre fixed")).StatusCode);

        var second = Assert.Single(await InboxAsync(admin, id)).GetProperty("id").GetGuid();
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(admin, second, "approve")).StatusCode);

        Assert.Equal("Completed", (await InstanceAsync(member, id)).GetProperty("status").GetString());
        var journal = await member.GetFromJsonAsync<JsonElement>($"/api/workflow-instances/{id}/journal");
        var decided = journal.EnumerateArray().Where(j => j.GetProperty("event").GetString() == "TaskDecided")
            .Select(j => j.GetProperty("message").GetString()!.Split(": ", 2)[1]).ToList();
        Assert.Equal(["return: wrong cost centre", "approve: cost centre fixed", "approve"], decided);
        Assert.Contains(journal.EnumerateArray(), j => j.GetProperty("nodeId").GetString() == "approved" && j.GetProperty("event").GetString() == "Completed");
    }
}
