using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hub.Server.Authentication;
using Hub.Server.Authorisation;
using Hub.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Hub.Server.Tests.Api;

/// <summary>
/// The per-node caller cache (CallerCache) against its security promise: with entries that would live an hour, a
/// change made through this node still takes effect on the very next request, and no session is ever answered with
/// another user's caller. A change made behind the node's back (SQL here, another node in production) is seen only
/// when the entry goes, which is the documented bound.
/// </summary>
public sealed class CallerCacheTests(LongCallerCacheFixture hub) : IClassFixture<LongCallerCacheFixture>
{
    private string BetaUsers => $"/api/organisations/{hub.Group.Beta.Id}/users";

    [Fact]
    public async Task WithdrawRole_ThroughTheApi_RefusedOnTheVeryNextRequest()
    {
        var member = await CreateUserAsync("cache.withdrawn");
        using var hq = await hub.SignInAsync("hq.admin");
        var granted = await hq.PostAsJsonAsync($"/api/users/{member.Id}/roles", new { role = "Finance", organisationId = hub.Group.Beta.Id });
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        using var session = await hub.SignInAsync(member.UserName, Password);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync(BetaUsers)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync(BetaUsers)).StatusCode);
        Assert.NotNull(hub.Service<CallerCache>().Person(member.Id));

        var assignment = (await granted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roles").EnumerateArray()
            .Single(r => r.GetProperty("role").GetString() == "Finance").GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await hq.DeleteAsync($"/api/users/{member.Id}/roles/{assignment}")).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await session.GetAsync(BetaUsers)).StatusCode);
    }

    [Fact]
    public async Task RoleChangedBehindTheNode_IsNotSeenWhileCached_AndIsSeenOnceEvicted()
    {
        var member = await CreateUserAsync("cache.behind");
        using var session = await hub.SignInAsync(member.UserName, Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await session.GetAsync(BetaUsers)).StatusCode);

        // A grant written straight to the database, as another node would: this node's entry still answers.
        await using (var db = hub.NewDbContext())
        {
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO hub.role_assignments (id, user_id, role, organisation_id, granted_at) VALUES ({Guid.NewGuid()}, {member.Id}, 'Finance', {hub.Group.Beta.Id}, {DateTimeOffset.UtcNow})");
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await session.GetAsync(BetaUsers)).StatusCode);
        hub.Service<CallerCache>().EvictUser(member.Id);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync(BetaUsers)).StatusCode);
    }

    [Fact]
    public async Task LockedOutUser_RefusedOnTheNextRequest()
    {
        var member = await CreateUserAsync("cache.locked");
        using var session = await hub.SignInAsync(member.UserName, Password);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/auth/me")).StatusCode);
        Assert.NotNull(hub.Service<CallerCache>().Session(member.Id));

        using var attacker = hub.Anonymous();
        for (var i = 0; i < UserCredential.MaxFailures; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized,
                (await attacker.PostAsJsonAsync("/api/auth/sign-in", new { userName = member.UserName, password = "wrong" + i })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task SignOut_EvictsTheCachedCallerAtOnce()
    {
        var member = await CreateUserAsync("cache.signout");
        using var session = await hub.SignInAsync(member.UserName, Password);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/auth/me")).StatusCode);
        Assert.NotNull(hub.Service<CallerCache>().Person(member.Id));

        Assert.Equal(HttpStatusCode.NoContent, (await session.PostAsync("/api/auth/sign-out", null)).StatusCode);

        Assert.Null(hub.Service<CallerCache>().Person(member.Id));
        Assert.Null(hub.Service<CallerCache>().Session(member.Id));
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task InterleavedSessions_EachIsAnsweredWithItsOwnCaller()
    {
        string[] names = ["alpha.admin", "beta.admin", "alpha.member", "beta.member", "hq.admin"];
        var sessions = new List<(string Name, HttpClient Client)>();
        foreach (var name in names.Concat(names))
        {
            sessions.Add((name, await hub.SignInAsync(name)));
        }

        try
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 10).SelectMany(_ => sessions).Select(async s =>
                (s.Name, Me: await s.Client.GetFromJsonAsync<JsonElement>("/api/auth/me"))));
            Assert.Equal(100, answers.Length);
            Assert.All(answers, a =>
            {
                Assert.Equal(a.Name, a.Me.GetProperty("userName").GetString());
                Assert.Equal(hub.Group[a.Name].Id, a.Me.GetProperty("id").GetGuid());
            });
        }
        finally
        {
            sessions.ForEach(s => s.Client.Dispose());
        }
    }

    [Fact]
    public async Task RevokedKey_CachedBefore_RefusedOnTheNextRequest()
    {
        var (keyId, secret) = await IssueKeyAsync();
        using var system = hub.Signed(keyId, secret);
        Assert.Equal(HttpStatusCode.OK, (await system.GetAsync("/api/auth/me")).StatusCode);
        Assert.NotNull(hub.Service<CallerCache>().ApiKey(keyId));

        using var admin = await hub.SignInAsync("alpha.admin");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/api-keys/{keyId}")).StatusCode);

        var refused = await system.GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("the key is revoked", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CachedKey_ReplayedNonce_StillRefusedPerRequest()
    {
        var (keyId, secret) = await IssueKeyAsync();
        using (var warm = hub.Signed(keyId, secret))
        {
            Assert.Equal(HttpStatusCode.OK, (await warm.GetAsync("/api/auth/me")).StatusCode);
        }

        Assert.NotNull(hub.Service<CallerCache>().ApiKey(keyId));
        var handler = new SigningHandler(keyId, secret, () => DateTimeOffset.UtcNow)
        {
            InnerHandler = new HttpClientHandler(), FixedNonce = "cached-key-replayed-nonce-42",
        };
        using var system = new HttpClient(handler) { BaseAddress = hub.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await system.GetAsync("/api/auth/me")).StatusCode);
        var replay = await system.GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Contains("nonce was already used", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private const string Password = "a long enough password";

    private async Task<(Guid Id, string UserName)> CreateUserAsync(string userName)
    {
        using var hq = await hub.SignInAsync("hq.admin");
        var created = await hq.PostAsJsonAsync("/api/users", new
        {
            organisationId = hub.Group.BetaDepartment.Id, userName, displayName = userName, password = Password,
            roles = new[] { new { role = "Applicant", organisationId = hub.Group.BetaDepartment.Id } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return ((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), userName);
    }

    private async Task<(string KeyId, string Secret)> IssueKeyAsync()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var response = await admin.PostAsJsonAsync($"/api/organisations/{hub.Group.Alpha.Id}/api-keys",
            new { name = "Cached OA", roles = new[] { "Applicant" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var issued = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (issued.GetProperty("keyId").GetString()!, issued.GetProperty("secret").GetString()!);
    }
}
