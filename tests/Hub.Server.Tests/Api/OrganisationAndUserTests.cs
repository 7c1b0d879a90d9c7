using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hub.Server.Tests.Infrastructure;

namespace Hub.Server.Tests.Api;

/// <summary>The tree grows under administrators, within their subtree only; roles never escalate.</summary>
public sealed class OrganisationAndUserTests(HubServerFixture hub) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task CreateOrganisation_SubsidiaryUnderGroup_IsVisibleToHqButNotToSiblings()
    {
        using var hq = await hub.SignInAsync("hq.admin");
        var code = TestGroup.NewCreditCode();
        var response = await hq.PostAsJsonAsync("/api/organisations", new
        {
            parentId = hub.Group.Group.Id, kind = "Subsidiary", name = "Gamma 子公司", creditCode = code,
            legalRepresentative = "周 Gamma",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var gamma = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, gamma.GetProperty("creditCode").GetString());
        Assert.Equal(hub.Group.Group.Id, gamma.GetProperty("parentId").GetGuid());

        var duplicate = await hq.PostAsJsonAsync("/api/organisations", new
        {
            parentId = hub.Group.Group.Id, kind = "Subsidiary", name = "Gamma again", creditCode = code,
            legalRepresentative = "周 Gamma",
        });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

        using var alpha = await hub.SignInAsync("alpha.admin");
        var seen = await alpha.GetStringAsync("/api/organisations");
        Assert.DoesNotContain(gamma.GetProperty("id").GetString()!, seen, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await alpha.GetAsync($"/api/organisations/{gamma.GetProperty("id").GetGuid()}")).StatusCode);
    }

    [Fact]
    public async Task CreateOrganisation_SubsidiaryAdminAddsDepartmentsOnlyInOwnSubtree()
    {
        using var alpha = await hub.SignInAsync("alpha.admin");
        var own = await alpha.PostAsJsonAsync("/api/organisations",
            new { parentId = hub.Group.AlphaDepartment.Id, kind = "Department", name = "报销小组" });
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        var aboveItself = await alpha.PostAsJsonAsync("/api/organisations",
            new { parentId = hub.Group.Group.Id, kind = "Department", name = "越级部门" });
        Assert.Equal(HttpStatusCode.Forbidden, aboveItself.StatusCode);
    }

    [Fact]
    public async Task CreateUser_OrgAdminGrantsWithinSubtree_ButNeverHqAdmin()
    {
        using var alpha = await hub.SignInAsync("alpha.admin");
        var before = await DatabaseSnapshot.TakeAsync(hub.ConnectionString);
        var escalation = await alpha.PostAsJsonAsync("/api/users", new
        {
            organisationId = hub.Group.Alpha.Id, userName = "alpha.boss", displayName = "Boss",
            password = "long enough password",
            roles = new[] { new { role = "HqAdmin", organisationId = hub.Group.Alpha.Id } },
        });
        Assert.Equal(HttpStatusCode.Forbidden, escalation.StatusCode);
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(hub.ConnectionString));

        var created = await alpha.PostAsJsonAsync("/api/users", new
        {
            organisationId = hub.Group.AlphaDepartment.Id, userName = "alpha.custodian", displayName = "印章管理员",
            password = "long enough password",
            roles = new[] { new { role = "SealCustodian", organisationId = hub.Group.Alpha.Id } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var user = await created.Content.ReadFromJsonAsync<JsonElement>();
        var role = Assert.Single(user.GetProperty("roles").EnumerateArray());
        Assert.Equal("SealCustodian", role.GetProperty("role").GetString());

        using var custodian = await hub.SignInAsync("alpha.custodian", "long enough password");
        var me = await custodian.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal("印章管理员", me.GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task GrantAndWithdrawRole_TakesEffectOnTheNextRequest()
    {
        using var hq = await hub.SignInAsync("hq.admin");
        using var member = await hub.SignInAsync("beta.member");
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"/api/organisations/{hub.Group.Beta.Id}/users")).StatusCode);

        var granted = await hq.PostAsJsonAsync($"/api/users/{hub.Group["beta.member"].Id}/roles",
            new { role = "Finance", organisationId = hub.Group.Beta.Id });
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync($"/api/organisations/{hub.Group.Beta.Id}/users")).StatusCode);

        var assignment = (await granted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roles").EnumerateArray()
            .Single(r => r.GetProperty("role").GetString() == "Finance").GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent,
            (await hq.DeleteAsync($"/api/users/{hub.Group["beta.member"].Id}/roles/{assignment}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"/api/organisations/{hub.Group.Beta.Id}/users")).StatusCode);
    }

    [Fact]
    public async Task ListUsers_OfSubtree_ShowsRolesAndNoSecrets()
    {
        using var hq = await hub.SignInAsync("hq.admin");
        var text = await hq.GetStringAsync($"/api/organisations/{hub.Group.Alpha.Id}/users");
        var users = JsonDocument.Parse(text).RootElement.EnumerateArray().ToList();
        Assert.Contains(users, u => u.GetProperty("userName").GetString() == "alpha.member");
        Assert.DoesNotContain(users, u => u.GetProperty("userName").GetString() == "beta.member");
        Assert.DoesNotContain("password", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AQAAAA", text, StringComparison.Ordinal); // Identity v3 hash prefix
    }
}
