using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hub.Server.Authentication;
using Hub.Server.Tests.Infrastructure;

namespace Hub.Server.Tests.Api;

/// <summary>Systems calling with HMAC-signed requests: every part of the signature is checked, replays refused.</summary>
public sealed class ApiKeyTests(HubServerFixture hub) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task SignedRequest_Valid_ActsAsTheKeyWithinItsOrganisation()
    {
        var (keyId, secret) = await IssueAsync();
        using var system = hub.Signed(keyId, secret);
        var me = await system.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal("System", me.GetProperty("kind").GetString());
        Assert.Equal(keyId, me.GetProperty("userName").GetString());
        var organisations = await system.GetFromJsonAsync<JsonElement>("/api/organisations");
        Assert.Equal([hub.Group.Alpha.Id, hub.Group.AlphaDepartment.Id],
            organisations.EnumerateArray().Select(o => o.GetProperty("id").GetGuid()).ToArray());
    }

    [Fact]
    public async Task SignedRequest_IssuedSecret_IsShownOnceAndStoredEncrypted()
    {
        var (keyId, secret) = await IssueAsync();
        using var admin = await hub.SignInAsync("alpha.admin");
        var listed = await admin.GetStringAsync($"/api/organisations/{hub.Group.Alpha.Id}/api-keys");
        Assert.Contains(keyId, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        await using var db = hub.NewDbContext();
        var stored = db.ApiKeys.Single(k => k.KeyId == keyId).ProtectedSecret;
        Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedRequest_ReplayedNonce_IsRefused()
    {
        var (keyId, secret) = await IssueAsync();
        var handler = new SigningHandler(keyId, secret, () => DateTimeOffset.UtcNow)
        {
            InnerHandler = new HttpClientHandler(), FixedNonce = "replayed-nonce-0123456789",
        };
        using var system = new HttpClient(handler) { BaseAddress = hub.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await system.GetAsync("/api/auth/me")).StatusCode);
        var replay = await system.GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Contains("nonce was already used", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-6)]
    [InlineData(6)]
    public async Task SignedRequest_TimestampOutsideWindow_IsRefused(int minutes)
    {
        var (keyId, secret) = await IssueAsync();
        using var system = hub.Signed(keyId, secret, () => DateTimeOffset.UtcNow.AddMinutes(minutes));
        var response = await system.GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("replay window", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedRequest_TamperedBodyPathOrSignature_IsRefusedWithTheReason()
    {
        var (keyId, secret) = await IssueAsync();
        var cases = new (string Expected, Func<HttpRequestMessage> Request)[]
        {
            ("the body does not match its digest", () => Tampered(keyId, secret, "/api/organisations", "{}", "{\"x\":1}", null)),
            ("the signature does not match", () => Tampered(keyId, secret, "/api/organisations?x=1", null, null, "/api/organisations?x=2")),
            ("the signature does not match", () => Tampered(keyId, "wrong-secret", "/api/organisations", null, null, null)),
            ("unknown key", () => Tampered("hk_000000000000000000000000", secret, "/api/organisations", null, null, null)),
        };
        using var client = hub.Anonymous();
        foreach (var (expected, build) in cases)
        {
            using var response = await client.SendAsync(build());
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Contains(hub.Logs.Lines, line => line.EventId == 2003 && line.Message.Contains("signature does not match", StringComparison.Ordinal));
        Assert.DoesNotContain(hub.Logs.Lines, line => line.Message.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignedRequest_MalformedHeader_IsRefusedNotCrashed()
    {
        using var client = hub.Anonymous();
        foreach (var header in new[]
                 {
                     "HUB-HMAC-SHA256", "HUB-HMAC-SHA256 Credential=a", "HUB-HMAC-SHA256 Credential=a, Credential=b",
                     "HUB-HMAC-SHA256 Credential=hk_1, Timestamp=-5, Nonce=0123456789abcdef, Signature=AAAA",
                     "HUB-HMAC-SHA256 " + new string('x', 5000),
                 })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
            request.Headers.TryAddWithoutValidation("Authorization", header);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            await EndpointAccessTests.AssertProblemAsync(response, 401);
        }
    }

    [Fact]
    public async Task SignedRequest_RevokedKey_IsRefused()
    {
        var (keyId, secret) = await IssueAsync();
        using var system = hub.Signed(keyId, secret);
        Assert.Equal(HttpStatusCode.OK, (await system.GetAsync("/api/auth/me")).StatusCode);
        using var admin = await hub.SignInAsync("alpha.admin");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/api-keys/{keyId}")).StatusCode);
        var refused = await system.GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("revoked", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.DeleteAsync($"/api/api-keys/{keyId}")).StatusCode);
    }

    [Fact]
    public async Task SignedRequest_SystemCannotIssueKeysEvenForItsOwnOrganisation()
    {
        var (keyId, secret) = await IssueAsync();
        using var system = hub.Signed(keyId, secret);
        var before = await DatabaseSnapshot.TakeAsync(hub.ConnectionString);
        var response = await system.PostAsJsonAsync($"/api/organisations/{hub.Group.Alpha.Id}/api-keys",
            new { name = "escalation", roles = new[] { "Applicant" } });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(hub.ConnectionString));
    }

    private HttpRequestMessage Tampered(string keyId, string secret, string signedTarget, string? signedBody,
        string? sentBody, string? sentTarget)
    {
        var digest = HmacRequestSignature.BodyDigest(Encoding.UTF8.GetBytes(signedBody ?? string.Empty));
        var method = signedBody is null ? HttpMethod.Get : HttpMethod.Post;
        var request = new HttpRequestMessage(method, sentTarget ?? signedTarget);
        if (sentBody is not null)
        {
            request.Content = new StringContent(sentBody, Encoding.UTF8, "application/json");
        }

        request.Headers.TryAddWithoutValidation("Authorization", HmacRequestSignature.AuthorizationHeader(keyId,
            Encoding.UTF8.GetBytes(secret), method.Method, signedTarget, DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), digest));
        request.Headers.TryAddWithoutValidation(HmacRequestSignature.ContentDigestHeader, digest);
        return request;
    }

    private async Task<(string KeyId, string Secret)> IssueAsync()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var response = await admin.PostAsJsonAsync($"/api/organisations/{hub.Group.Alpha.Id}/api-keys",
            new { name = "Alpha OA", roles = new[] { "Applicant" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var issued = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (issued.GetProperty("keyId").GetString()!, issued.GetProperty("secret").GetString()!);
    }
}
