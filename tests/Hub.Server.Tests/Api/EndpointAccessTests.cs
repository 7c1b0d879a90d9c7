using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hub.Server.Authorisation;
using Hub.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using static Hub.Server.Tests.Api.EndpointCatalogue;

namespace Hub.Server.Tests.Api;

/// <summary>
/// Who may call what: every endpoint declares it, refuses strangers with 401, and refuses another subsidiary's
/// people and systems with 403 without writing anything; list endpoints leave the other subsidiary out.
/// </summary>
public sealed class EndpointAccessTests(HubServerFixture hub) : IClassFixture<HubServerFixture>
{
    [Fact]
    public void Catalogue_ListsExactlyTheServersApiEndpoints()
    {
        var served = RouteEndpoints()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api", StringComparison.Ordinal))
            .Select(Key)
            .OrderBy(k => k, StringComparer.Ordinal)
            .ToList();
        var catalogued = All.Select(e => $"{e.Method} {e.Route}").OrderBy(k => k, StringComparer.Ordinal).ToList();
        Assert.Equal(catalogued, served);
    }

    [Fact]
    public void EveryEndpoint_DeclaresWhoMayCallIt()
    {
        var undeclared = RouteEndpoints().Where(e => e.Metadata.GetMetadata<AccessRule>() is null).Select(Key).ToList();
        Assert.Empty(undeclared);
    }

    [Fact]
    public async Task Unauthenticated_EveryProtectedEndpoint_Answers401ProblemAndIsLogged()
    {
        var targets = await TargetsAsync();
        using var anonymous = hub.Anonymous();
        foreach (var entry in All.Where(e => !e.Anonymous))
        {
            using var request = entry.Request(targets);
            var path = request.RequestUri!.OriginalString;
            using var response = await anonymous.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{entry.Method} {entry.Route}: {(int)response.StatusCode}");
            await AssertProblemAsync(response, 401);
            Assert.Contains(hub.Logs.Lines, line => line.EventId == 2004 && line.Message.Contains(path.Split('?')[0], StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task CrossOrganisation_PersonOfAnotherSubsidiary_IsRefusedAndNothingIsWritten()
    {
        var targets = await TargetsAsync();
        using var betaAdmin = await hub.SignInAsync("beta.admin");
        await AssertCrossOrganisationRefusedAsync(betaAdmin, targets, "user " + hub.Group["beta.admin"].Id);
    }

    [Fact]
    public async Task CrossOrganisation_SystemOfAnotherSubsidiary_IsRefusedAndNothingIsWritten()
    {
        var targets = await TargetsAsync();
        using var betaAdmin = await hub.SignInAsync("beta.admin");
        var issued = await IssueKeyAsync(betaAdmin, hub.Group.Beta.Id, "Beta OA");
        using var betaSystem = hub.Signed(issued.GetProperty("keyId").GetString()!, issued.GetProperty("secret").GetString()!);
        await AssertCrossOrganisationRefusedAsync(betaSystem, targets, "api key " + issued.GetProperty("keyId").GetString());
    }

    [Fact]
    public async Task OwnSubsidiary_AdministratorReachesWhatStrangersCannot()
    {
        // The refusals above must come from scope, not from endpoints that refuse everyone.
        var targets = await TargetsAsync();
        foreach (var group in All.Where(e => e.Cross == CrossOrganisation.Forbidden).GroupBy(e => e.OwnCaller))
        {
            using var own = await hub.SignInAsync(group.Key);
            foreach (var entry in group)
            {
                using var request = entry.Request(targets);
                using var response = await own.SendAsync(request);
                Assert.True((int)response.StatusCode is >= 200 and < 300,
                    $"{entry.Method} {entry.Route} for {entry.OwnCaller}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    private async Task AssertCrossOrganisationRefusedAsync(HttpClient client, Targets targets, string callerInLog)
    {
        foreach (var entry in All.Where(e => e.Cross != CrossOrganisation.NotApplicable))
        {
            var before = await DatabaseSnapshot.TakeAsync(hub.ConnectionString);
            using var request = entry.Request(targets);
            var path = request.RequestUri!.OriginalString;
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            switch (entry.Cross)
            {
                case CrossOrganisation.Forbidden:
                    Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{entry.Method} {entry.Route}: {(int)response.StatusCode} {body}");
                    await AssertProblemAsync(response, 403);
                    Assert.True(hub.Logs.Lines.Any(line => line.EventId == 2005 &&
                        line.Message.Contains(callerInLog, StringComparison.Ordinal) &&
                        line.Message.Contains(path.Split('?')[0], StringComparison.Ordinal)),
                        $"{entry.Method} {entry.Route} not logged ({body}): " + string.Join(" | ", hub.Logs.Lines.Where(l => l.EventId == 2005).Select(l => l.Message)));
                    break;
                case CrossOrganisation.Narrowed:
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    Assert.Contains(hub.Group.Beta.Id.ToString(), body, StringComparison.Ordinal);
                    Assert.DoesNotContain(hub.Group.Alpha.Id.ToString(), body, StringComparison.Ordinal);
                    Assert.DoesNotContain(hub.Group.AlphaDepartment.Id.ToString(), body, StringComparison.Ordinal);
                    Assert.DoesNotContain(hub.Group.Group.Id.ToString() + "\",\"parentId\":null", body, StringComparison.Ordinal);
                    break;
            }

            Assert.Equal(before, await DatabaseSnapshot.TakeAsync(hub.ConnectionString));
        }
    }

    private async Task<Targets> TargetsAsync()
    {
        using var alphaAdmin = await hub.SignInAsync("alpha.admin");
        var issued = await IssueKeyAsync(alphaAdmin, hub.Group.Alpha.Id, "Alpha ERP");
        await using var db = hub.NewDbContext();
        var assignment = await db.RoleAssignments.Where(r => r.UserId == hub.Group["alpha.member"].Id).Select(r => r.Id).FirstAsync();
        return new Targets(hub.Group, assignment, issued.GetProperty("keyId").GetString()!,
            await Workflows.WorkflowTargets.CreateAsync(hub, alphaAdmin), await Identity.IdentityTargets.CreateAsync(hub, alphaAdmin), hub,
            await Seals.SealTargets.CreateAsync(hub),
            await Seals.Policy.PolicyTargets.CreateAsync(hub, alphaAdmin),
            await Hub.Server.Tests.Documents.DocumentTargets.CreateAsync(hub), await Hub.Server.Tests.Documents.TemplateTargets.CreateAsync(hub));
    }

    private static async Task<JsonElement> IssueKeyAsync(HttpClient admin, Guid organisationId, string name)
    {
        var response = await admin.PostAsJsonAsync($"/api/organisations/{organisationId}/api-keys",
            new { name, roles = new[] { "Applicant", "Finance" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    private IEnumerable<RouteEndpoint> RouteEndpoints() =>
        hub.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

    private static string Key(RouteEndpoint endpoint)
    {
        var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods;
        return $"{(methods is null ? "*" : string.Join(',', methods))} {endpoint.RoutePattern.RawText}";
    }
}
