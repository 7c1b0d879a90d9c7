using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hub.Server.Authentication;
using Hub.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Hub.Server.Tests.Api;

public sealed class SignInTests(HubServerFixture hub) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task SignIn_RightPassword_SetsStrictHttpOnlySessionAndAnswersWhoIsCalling()
    {
        using var client = hub.Anonymous();
        using var response = await client.PostAsJsonAsync("/api/auth/sign-in",
            new { userName = "ALPHA.ADMIN", password = TestGroup.Password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(SessionCookie.Name + "=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        var me = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("alpha.admin", me.GetProperty("userName").GetString());
        Assert.Equal(hub.Group.Alpha.Id, me.GetProperty("organisationId").GetGuid());
        var role = Assert.Single(me.GetProperty("roles").EnumerateArray());
        Assert.Equal("OrgAdmin", role.GetProperty("role").GetString());
        Assert.Equal(hub.Group.Alpha.Name, role.GetProperty("organisationName").GetString());
    }

    [Fact]
    public async Task SignIn_WrongPasswordOrUnknownName_SameAnswerAndNoSession()
    {
        using var client = hub.Anonymous();
        using var wrong = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "beta.member", password = "nope" });
        using var unknown = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "no.such.user", password = "nope" });
        foreach (var response in new[] { wrong, unknown })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.False(response.Headers.Contains("Set-Cookie"));
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("The user name or password is wrong.", problem.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task SignIn_FiveFailures_LockTheAccountEvenForTheRightPasswordAndEndItsSessions()
    {
        using var admin = await hub.SignInAsync("hq.admin");
        var created = await admin.PostAsJsonAsync("/api/users", new
        {
            organisationId = hub.Group.BetaDepartment.Id, userName = "lock.me", displayName = "Lock Me",
            password = "a long enough password",
            roles = new[] { new { role = "Applicant", organisationId = hub.Group.BetaDepartment.Id } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var victim = await hub.SignInAsync("lock.me", "a long enough password");
        Assert.Equal(HttpStatusCode.OK, (await victim.GetAsync("/api/auth/me")).StatusCode);

        using var attacker = hub.Anonymous();
        for (var i = 0; i < UserCredential.MaxFailures; i++)
        {
            var failed = await attacker.PostAsJsonAsync("/api/auth/sign-in", new { userName = "lock.me", password = "guess" + i });
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        var locked = await attacker.PostAsJsonAsync("/api/auth/sign-in", new { userName = "lock.me", password = "a long enough password" });
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Contains("locked", (await locked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(),
            StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await victim.GetAsync("/api/auth/me")).StatusCode);
        Assert.Contains(hub.Logs.Lines, line => line.EventId == 2002);
        var users = await (await admin.GetAsync($"/api/users/{created.Headers.Location!.OriginalString.Split('/')[^1]}"))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(users.GetProperty("lockedOut").GetBoolean());
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        using var client = await hub.SignInAsync("beta.member");
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/auth/sign-out", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task SignIn_NeverLogsThePassword()
    {
        using var client = hub.Anonymous();
        const string secret = "Very-Distinctive-Secret-Password-123";
        await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "alpha.member", password = secret });
        await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = "alpha.member", password = TestGroup.Password });
        Assert.DoesNotContain(hub.Logs.Lines, line => line.Message.Contains(secret, StringComparison.Ordinal) ||
                                                      line.Message.Contains(TestGroup.Password, StringComparison.Ordinal));
        await using var db = hub.NewDbContext();
        var hash = await db.UserCredentials.Where(c => c.UserId == hub.Group["alpha.member"].Id).Select(c => c.PasswordHash).SingleAsync();
        Assert.DoesNotContain(TestGroup.Password, hash, StringComparison.Ordinal);
        Assert.Equal(0x01, Convert.FromBase64String(hash)[0]); // ASP.NET Core Identity v3 format: PBKDF2
    }
}
