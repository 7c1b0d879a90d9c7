using System.Net;
using System.Security.Cryptography;
using System.Text;
using Hub.Activities.Identifiers;
using Hub.Activities.Identity.Providers;
using Hub.Activities.Identity.Providers.Local;

namespace Hub.Activities.Tests.Identity;

/// <summary>The Hub's provider client against the local provider, over real HTTP on loopback.</summary>
public sealed class HttpIdentityProviderTests : IAsyncLifetime
{
    private LocalIdentityProvider _provider = null!;
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _provider = LocalIdentityProvider.Start(LocalIdentityRegistry.Demo());
        _http = new HttpClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _provider.DisposeAsync();
    }

    // A generous default: an attempt that times out on a loaded machine would be retried and hide the fault under test.
    private HttpIdentityProvider Client(int attempts = 3, double timeoutSeconds = 10, double maxRetryAfterSeconds = 5)
    {
        var options = _provider.ClientOptions();
        options.MaxAttempts = attempts;
        options.AttemptTimeout = TimeSpan.FromSeconds(timeoutSeconds);
        options.InitialBackoff = TimeSpan.FromMilliseconds(20);
        options.MaxRetryAfter = TimeSpan.FromSeconds(maxRetryAfterSeconds);
        return new HttpIdentityProvider(_http, options, TimeProvider.System);
    }

    [Theory]
    [InlineData("张三", "11010519491231002X", "13800138000", "Match")]
    [InlineData("张三", "11010519491231002X", "13800138001", "Mismatch")]
    [InlineData("张四", "11010519491231002X", "13800138000", "Mismatch")]
    [InlineData("李四", "440524188001010014", "13900139000", "Deceased")]
    [InlineData("王五", "330106200001011235", "13700137000", "InvalidDocument")]
    public async Task ThreeElement_RegisterAnswers_AreReportedAsTheProviderSaid(string name, string id, string mobile, string result)
    {
        var expected = Enum.Parse<ProviderResult>(result);
        var verdict = await Client().CheckThreeElementsAsync(PersonalDataProtectionTests.Details(id, mobile, name), CancellationToken.None);
        Assert.Equal(expected, verdict.Result);
        Assert.NotNull(verdict.Reference);
        Assert.DoesNotContain(id, verdict.Reference, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeout_EveryAttempt_ThrowsTransientAndNeverMatches()
    {
        _provider.InjectFault(LocalProviderFault.Timeout, 2);
        var error = await Assert.ThrowsAsync<IdentityProviderException>(() =>
            Client(attempts: 2, timeoutSeconds: 0.3).CheckThreeElementsAsync(PersonalDataProtectionTests.Details("11010519491231002X", "13800138000"), CancellationToken.None));
        Assert.True(error.IsTransient);
        Assert.Equal("Identity provider 'local' did not answer /v1/persons/three-element within 0.3 s. Gave up after 2 attempts.", error.Message);
        Assert.Equal(2, _provider.RequestCount);
    }

    [Fact]
    public async Task Timeout_ThenAnswer_RetriesAndReturnsTheVerdict()
    {
        _provider.InjectFault(LocalProviderFault.Timeout);
        // The held request waits 30 s, so 3 s still times it out while leaving the real answer room on a busy machine.
        var verdict = await Client(timeoutSeconds: 3).CheckThreeElementsAsync(PersonalDataProtectionTests.Details("11010519491231002X", "13800138000", "张三"), CancellationToken.None);
        Assert.Equal(ProviderResult.Match, verdict.Result);
        Assert.Equal(2, _provider.RequestCount);
    }

    [Fact]
    public async Task RateLimited_HonoursRetryAfterThenSucceeds()
    {
        _provider.InjectFault(LocalProviderFault.RateLimited);
        var started = DateTimeOffset.UtcNow;
        var verdict = await Client().CheckThreeElementsAsync(PersonalDataProtectionTests.Details("11010519491231002X", "13800138000", "张三"), CancellationToken.None);
        Assert.Equal(ProviderResult.Match, verdict.Result);
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(0.95), "the client did not wait for Retry-After: 1");
        Assert.Equal(2, _provider.RequestCount);
    }

    [Fact]
    public async Task RateLimited_RetryAfterBeyondCap_FailsAtOnceWithTheDelay()
    {
        _provider.InjectFault(LocalProviderFault.RateLimited);
        var error = await Assert.ThrowsAsync<IdentityProviderException>(() =>
            Client(maxRetryAfterSeconds: 0.5).CheckThreeElementsAsync(PersonalDataProtectionTests.Details(), CancellationToken.None));
        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
        Assert.Equal("Identity provider 'local' rate-limited /v1/persons/three-element (HTTP 429, retry after 1 s).", error.Message);
        Assert.Equal(1, _provider.RequestCount);
    }

    [Fact]
    public async Task ServerError_Persisting_GivesUpAfterMaxAttempts()
    {
        _provider.InjectFault(LocalProviderFault.Unavailable, 3);
        var error = await Assert.ThrowsAsync<IdentityProviderException>(() =>
            Client().CheckThreeElementsAsync(PersonalDataProtectionTests.Details(), CancellationToken.None));
        Assert.Equal("Identity provider 'local' failed on /v1/persons/three-element (HTTP 503). Gave up after 3 attempts.", error.Message);
        Assert.Equal(3, _provider.RequestCount);
    }

    [Fact]
    public async Task ProviderDown_ConnectionRefused_IsTransientFailure()
    {
        // A fresh HttpClient: a pooled keep-alive connection to the stopped listener would hang instead of refusing.
        var options = _provider.ClientOptions();
        options.MaxAttempts = 2;
        options.InitialBackoff = TimeSpan.FromMilliseconds(20);
        using var http = new HttpClient();
        var client = new HttpIdentityProvider(http, options, TimeProvider.System);
        await _provider.DisposeAsync();
        var error = await Assert.ThrowsAsync<IdentityProviderException>(() =>
            client.CheckThreeElementsAsync(PersonalDataProtectionTests.Details(), CancellationToken.None));
        Assert.True(error.IsTransient);
        Assert.StartsWith("Identity provider 'local' is unreachable for /v1/persons/three-element", error.Message, StringComparison.Ordinal);
        _provider = LocalIdentityProvider.Start(new LocalIdentityRegistry());
    }

    [Fact]
    public async Task WrongSecret_Is401AndNotRetried()
    {
        var options = _provider.ClientOptions();
        options.Secret = Convert.ToBase64String(new byte[32]);
        var error = await Assert.ThrowsAsync<IdentityProviderException>(() =>
            new HttpIdentityProvider(_http, options, TimeProvider.System).CheckThreeElementsAsync(PersonalDataProtectionTests.Details(), CancellationToken.None));
        Assert.False(error.IsTransient);
        Assert.Equal("Identity provider 'local' refused the request to /v1/persons/three-element (HTTP 401); check the Hub's provider configuration.", error.Message);
        Assert.Equal(1, _provider.RequestCount);
    }

    [Fact]
    public async Task SignedByHand_ReplayedNonce_IsRefused()
    {
        // Pins the signature format independently of the client: HMAC-SHA256 over method, path, ms, nonce, sha256(body).
        var options = _provider.ClientOptions();
        var secret = Convert.FromBase64String(options.Secret);
        var body = Encoding.UTF8.GetBytes("{\"creditCode\":\"91350100M000100Y43\",\"name\":\"福建示例贸易有限公司\",\"legalRepresentative\":\"张三\"}");
        var ms = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var canonical = $"POST\n/v1/enterprises/verify\n{ms}\nn-1\n{Convert.ToHexStringLower(SHA256.HashData(body))}";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(canonical)));
        async Task<HttpResponseMessage> SendAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_provider.BaseUrl, "/v1/enterprises/verify")) { Content = new ByteArrayContent(body) };
            request.Headers.Add("X-Ca-App", options.AppId);
            request.Headers.Add("X-Ca-Timestamp", ms.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("X-Ca-Nonce", "n-1");
            request.Headers.Add("X-Ca-Signature", signature);
            return await _http.SendAsync(request);
        }

        using var first = await SendAsync();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("\"result\":\"match\"", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var replay = await SendAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Contains("nonce reused", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NetworkIdentity_PersonAuthorisesInApp_YieldsCredentialIdNeverTheIdNumber()
    {
        var client = Client();
        Assert.True(ResidentIdNumber.TryParse("11010519491231002X", DateOnly.MaxValue, out var id, out _));
        var session = await client.StartNetworkIdentityAsync("张三", id!, CancellationToken.None);
        Assert.Equal(ProviderResult.Pending, session.Result);
        Assert.Equal(ProviderResult.Pending, (await client.ReadNetworkIdentityAsync(session.Reference!, CancellationToken.None)).Result);
        using var app = await _http.PostAsync(new Uri(_provider.BaseUrl, $"/app/network-identity/{session.Reference}/authorise"), null);
        Assert.Equal(HttpStatusCode.OK, app.StatusCode);
        var verdict = await client.ReadNetworkIdentityAsync(session.Reference!, CancellationToken.None);
        Assert.Equal(ProviderResult.Match, verdict.Result);
        Assert.StartsWith("cred-", verdict.Reference, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enterprise_RegisterAnswers()
    {
        var client = Client();
        Assert.True(UnifiedSocialCreditCode.TryParse("91350100M000100Y43", out var code, out _));
        Assert.True(UnifiedSocialCreditCode.TryParse("91110108063311121P", out var gone, out _));
        Assert.Equal(ProviderResult.Match, (await client.CheckEnterpriseAsync("福建示例贸易有限公司", code!, "张三", CancellationToken.None)).Result);
        Assert.Equal(ProviderResult.Mismatch, (await client.CheckEnterpriseAsync("福建示例贸易有限公司", code!, "李四", CancellationToken.None)).Result);
        Assert.Equal(ProviderResult.Deregistered, (await client.CheckEnterpriseAsync("北京示例科技有限公司", gone!, "张三", CancellationToken.None)).Result);
    }

    [Fact]
    public async Task Face_RegisteredDigestWithLiveness_MatchesOtherwiseNot()
    {
        var client = Client();
        var details = PersonalDataProtectionTests.Details("11010519491231002X", "13800138000", "张三");
        var digest = Convert.ToHexStringLower(SHA256.HashData("test"u8));
        Assert.Equal(ProviderResult.Match, (await client.CheckFaceAsync(details, digest, true, CancellationToken.None)).Result);
        Assert.Equal(ProviderResult.Mismatch, (await client.CheckFaceAsync(details, digest, false, CancellationToken.None)).Result);
        Assert.Equal(ProviderResult.Mismatch, (await client.CheckFaceAsync(details, new string('0', 64), true, CancellationToken.None)).Result);
    }
}
