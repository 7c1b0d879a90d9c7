using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Hub.Activities.Identity.Providers.Local;
using Hub.Server.Tests.Infrastructure;
using Hub.Server.Trust;
using Npgsql;

namespace Hub.Server.Tests.Identity;

/// <summary>
/// Real-name verification through the API against the node's local provider over HTTP: every provider path, SMS
/// brute force, UKey replay, certificates, the fresh-authentication gate, erasure, and a scan proving no plaintext
/// ID number or mobile reached any table, log line or response.
/// </summary>
public sealed class IdentityFlowTests(HubServerFixture hub, ITestOutputHelper output) : IClassFixture<HubServerFixture>
{
    private readonly List<string> _responses = [];

    [Fact]
    public async Task FullFlow_NoPlaintextIdNumberOrMobileInAnyTableLogOrResponse()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var person = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id, hub.Group["alpha.member"].Id);

        // Three elements, SMS, a certificate, a UKey challenge, a fresh authentication and a signature, a change, erasure.
        Assert.Equal("Verified", (await StartAsync(admin, person.Id, new { method = "ThreeElement" })).GetProperty("status").GetString());
        var sms = await StartAsync(admin, person.Id, new { method = "SmsCode" });
        Assert.Equal("Verified", (await CompleteAsync(admin, sms, new { code = TestPerson.LastCode(hub, person.Id) })).GetProperty("status").GetString());
        var certificate = await PostAsync(admin, $"/api/identity/persons/{person.Id}/certificates", new { });
        var ukey = await StartAsync(admin, person.Id, new { method = "UKey" });
        var signed = await SignChallengeAsync(certificate.GetProperty("serialNumber").GetString()!, ukey);
        Assert.Equal("Verified", (await CompleteAsync(admin, ukey, signed)).GetProperty("status").GetString());
        var digest = SHA256.HashData("合同正文"u8);
        // Within a minute of the last SMS the number is rate-limited, so the fresh authentication is a UKey signature.
        var fresh = await StartAsync(admin, person.Id, new { method = "UKey", documentSha256 = Convert.ToHexString(digest) });
        var freshAnswer = await SignChallengeAsync(certificate.GetProperty("serialNumber").GetString()!, fresh);
        Assert.Equal("Verified", (await CompleteAsync(admin, fresh, freshAnswer)).GetProperty("status").GetString());
        await PostAsync(admin, $"/api/identity/persons/{person.Id}/signatures",
            new { documentSha256 = Convert.ToHexString(digest), authenticationId = fresh.GetProperty("id").GetGuid() });
        var got = await GetAsync(admin, $"/api/identity/persons/{person.Id}");
        Assert.Equal("Verified", got.GetProperty("status").GetString());
        Assert.Equal("High", got.GetProperty("level").GetString());
        var changed = await SendAsync(admin, HttpMethod.Put, $"/api/identity/persons/{person.Id}",
            new { name = person.Name, idNumber = person.IdNumber, mobile = "13911112222" });
        Assert.Equal("Unverified", changed.GetProperty("status").GetString());
        using (var erase = await admin.DeleteAsync($"/api/identity/persons/{person.Id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, erase.StatusCode);
        }

        var secrets = new[] { person.IdNumber, person.Mobile, "13911112222" };
        var tables = await DumpDatabaseAsync();
        foreach (var secret in secrets)
        {
            var hex = Convert.ToHexStringLower(Encoding.UTF8.GetBytes(secret));
            Assert.DoesNotContain(secret, tables, StringComparison.Ordinal);
            Assert.DoesNotContain(hex, tables, StringComparison.Ordinal);
            Assert.DoesNotContain(hub.Logs.Lines, line => line.Message.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(_responses, body => body.Contains(secret, StringComparison.Ordinal));
        }

        // The scan can fail: the masked forms did reach the log and the responses.
        Assert.Contains(hub.Logs.Lines, line => line.EventId == 5000 && line.Message.Contains(person.IdNumber[^4..], StringComparison.Ordinal));
        Assert.Contains(_responses, body => body.Contains(person.Mobile[..3] + "****" + person.Mobile[^4..], StringComparison.Ordinal));
    }

    [Fact]
    public async Task PersonalSignature_NeedsFreshAuthenticationForThatDocument_UsedOnceAndLogged_VerifiableAfterErasure()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var person = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id);
        await StartAsync(admin, person.Id, new { method = "ThreeElement" });
        var certificate = await PostAsync(admin, $"/api/identity/persons/{person.Id}/certificates", new { });
        var document = Encoding.UTF8.GetBytes("采购合同 " + Guid.NewGuid());
        var digest = SHA256.HashData(document);
        var other = SHA256.HashData("另一份合同"u8);
        var fresh = await StartAsync(admin, person.Id, new { method = "SmsCode", documentSha256 = Convert.ToHexString(digest) });

        // Not yet answered: the key stays locked.
        var locked = await admin.PostAsJsonAsync($"/api/identity/persons/{person.Id}/signatures",
            new { documentSha256 = Convert.ToHexString(digest), authenticationId = fresh.GetProperty("id").GetGuid() });
        Assert.Equal(HttpStatusCode.Conflict, locked.StatusCode);
        Assert.Contains("is Pending, not Verified; the signing key stays locked", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await CompleteAsync(admin, fresh, new { code = TestPerson.LastCode(hub, person.Id) });
        var forOther = await admin.PostAsJsonAsync($"/api/identity/persons/{person.Id}/signatures",
            new { documentSha256 = Convert.ToHexString(other), authenticationId = fresh.GetProperty("id").GetGuid() });
        Assert.Equal(HttpStatusCode.Conflict, forOther.StatusCode);
        Assert.Contains("was made for another signing", await forOther.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var signature = await PostAsync(admin, $"/api/identity/persons/{person.Id}/signatures",
            new { documentSha256 = Convert.ToHexString(digest), authenticationId = fresh.GetProperty("id").GetGuid() });
        var again = await admin.PostAsJsonAsync($"/api/identity/persons/{person.Id}/signatures",
            new { documentSha256 = Convert.ToHexString(digest), authenticationId = fresh.GetProperty("id").GetGuid() });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("was used already; authenticate again", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using (var connection = new NpgsqlConnection(hub.ConnectionString))
        {
            await connection.OpenAsync();
            await using var uses = new NpgsqlCommand("SELECT count(*), min(method) FROM identity.signing_key_uses WHERE person_id = $1", connection)
            { Parameters = { new() { Value = person.Id } } };
            await using var reader = await uses.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(1L, reader.GetInt64(0));
            Assert.Equal("SmsCode", reader.GetString(1));
        }

        using (var erase = await admin.DeleteAsync($"/api/identity/persons/{person.Id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, erase.StatusCode);
        }

        // Erased, yet the signature still verifies with the certificate, whose subject holds no personal data.
        using var x509 = X509Certificate2.CreateFromPem(certificate.GetProperty("pem").GetString()!);
        Assert.DoesNotContain(person.IdNumber, x509.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain(person.Name, x509.Subject, StringComparison.Ordinal);
        using var key = x509.GetECDsaPublicKey()!;
        Assert.True(key.VerifyHash(digest, Convert.FromBase64String(signature.GetProperty("signature").GetString()!), DSASignatureFormat.Rfc3279DerSequence));
        var erased = await GetAsync(admin, $"/api/identity/persons/{person.Id}");
        Assert.Equal("Erased", erased.GetProperty("status").GetString());
        Assert.Equal("*", erased.GetProperty("idNumber").GetString());
        await AssertOpenSslVerifiesAsync(x509, document, Convert.FromBase64String(signature.GetProperty("signature").GetString()!));
    }

    /// <summary>OpenSSL, independently: the certificate chains to the Hub CA and the signature verifies over the document.</summary>
    private async Task AssertOpenSslVerifiesAsync(X509Certificate2 certificate, byte[] document, byte[] signature)
    {
        if (!ExternalTool.Available("openssl", output))
        {
            return;
        }

        var work = Directory.CreateTempSubdirectory("hub-identity-openssl-").FullName;
        try
        {
            var chain = await hub.Service<HubTrust>().EnsureAuthorityAsync(CancellationToken.None);
            string Write(string name, string text)
            {
                var path = Path.Combine(work, name);
                File.WriteAllText(path, text);
                return path;
            }

            var root = Write("root.pem", chain.Root.ExportCertificatePem());
            var issuing = Write("issuing.pem", chain.Issuing.ExportCertificatePem());
            var leaf = Write("person.pem", certificate.ExportCertificatePem());
            var verified = await ExternalTool.RunAsync("openssl", "verify", "-CAfile", root, "-untrusted", issuing, leaf);
            Assert.True(verified.ExitCode == 0, verified.Output);
            var publicKey = Path.Combine(work, "public.pem");
            Assert.Equal(0, (await ExternalTool.RunAsync("openssl", "x509", "-in", leaf, "-pubkey", "-noout", "-out", publicKey)).ExitCode);
            var documentPath = Path.Combine(work, "document.txt");
            await File.WriteAllBytesAsync(documentPath, document);
            var signaturePath = Path.Combine(work, "signature.der");
            await File.WriteAllBytesAsync(signaturePath, signature);
            var checkedSignature = await ExternalTool.RunAsync("openssl", "dgst", "-sha256", "-verify", publicKey, "-signature", signaturePath, documentPath);
            Assert.True(checkedSignature.ExitCode == 0 && checkedSignature.Output.Contains("Verified OK", StringComparison.Ordinal), checkedSignature.Output);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task Sms_BruteForceThroughTheApi_LocksAfterFiveAndTheRightCodeIsRefused()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var person = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id);
        var sms = await StartAsync(admin, person.Id, new { method = "SmsCode" });
        var code = TestPerson.LastCode(hub, person.Id);
        var statuses = new List<string>();
        foreach (var guess in Enumerable.Range(0, 6).Select(i => ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 1 + i) % 1_000_000).ToString("000000", System.Globalization.CultureInfo.InvariantCulture)).Take(5))
        {
            statuses.Add((await CompleteAsync(admin, sms, new { code = guess })).GetProperty("status").GetString()!);
        }

        Assert.Equal(["Pending", "Pending", "Pending", "Pending", "Locked"], statuses);
        var right = await admin.PostAsJsonAsync($"/api/identity/verifications/{sms.GetProperty("id").GetGuid()}/complete", new { code });
        Assert.Equal(HttpStatusCode.Conflict, right.StatusCode);
        Assert.Contains("is Locked; only a pending verification can change", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A new code to the same number within the minute is refused by the per-number rate limit.
        var resend = await admin.PostAsJsonAsync($"/api/identity/persons/{person.Id}/verifications", new { method = "SmsCode" });
        Assert.Equal(HttpStatusCode.TooManyRequests, resend.StatusCode);
        Assert.NotNull(resend.Headers.RetryAfter);
    }

    [Fact]
    public async Task Sms_ParallelBruteForce_NeverChecksMoreThanFiveGuesses()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var person = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id);
        var sms = await StartAsync(admin, person.Id, new { method = "SmsCode" });
        var code = int.Parse(TestPerson.LastCode(hub, person.Id), System.Globalization.CultureInfo.InvariantCulture);
        var id = sms.GetProperty("id").GetGuid();

        // 40 wrong guesses at once: read-modify-write without a row version would let most of them be checked.
        var answers = await Task.WhenAll(Enumerable.Range(1, 40).Select(async i =>
        {
            using var response = await admin.PostAsJsonAsync($"/api/identity/verifications/{id}/complete",
                new { code = ((code + i) % 1_000_000).ToString("000000", System.Globalization.CultureInfo.InvariantCulture) });
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        var counted = answers.Count(a => a.StatusCode == HttpStatusCode.OK);
        Assert.InRange(counted, 1, IdentityVerificationLimit);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        var state = await GetAsync(admin, $"/api/identity/persons/{person.Id}");
        var record = state.GetProperty("verifications").EnumerateArray().Single(v => v.GetProperty("id").GetGuid() == id);
        Assert.Equal(counted == IdentityVerificationLimit ? "Locked" : "Pending", record.GetProperty("status").GetString());
    }

    private const int IdentityVerificationLimit = 5;

    [Fact]
    public async Task UKey_ReplayedAnswer_IsRefused()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var person = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id);
        await StartAsync(admin, person.Id, new { method = "ThreeElement" });
        var certificate = await PostAsync(admin, $"/api/identity/persons/{person.Id}/certificates", new { });
        var ukey = await StartAsync(admin, person.Id, new { method = "UKey" });
        var answer = await SignChallengeAsync(certificate.GetProperty("serialNumber").GetString()!, ukey);
        Assert.Equal("Verified", (await CompleteAsync(admin, ukey, answer)).GetProperty("status").GetString());
        var replay = await admin.PostAsJsonAsync($"/api/identity/verifications/{ukey.GetProperty("id").GetGuid()}/complete", answer);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        var next = await StartAsync(admin, person.Id, new { method = "UKey" });
        var unanswered = await admin.PostAsJsonAsync($"/api/identity/verifications/{next.GetProperty("id").GetGuid()}/complete", new { });
        Assert.Equal(HttpStatusCode.BadRequest, unanswered.StatusCode);
        Assert.Contains("A UKey answer needs 'signature' and 'certificate'.", await unanswered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var reused = await CompleteAsync(admin, next, answer);
        Assert.Equal("Refused", reused.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(LocalProviderFault.Timeout, 503, "did not answer")]
    [InlineData(LocalProviderFault.Unavailable, 503, "HTTP 503")]
    [InlineData(LocalProviderFault.RateLimited, 503, "rate-limited /v1/persons/three-element (HTTP 429, retry after 1 s)")]
    public async Task Provider_TimeoutOrDown_AnswersUnavailableAndNobodyIsVerified(LocalProviderFault fault, int status, string expected)
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var person = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id);
        hub.Service<LocalIdentityProvider>().InjectFault(fault, 3);
        var response = await admin.PostAsJsonAsync($"/api/identity/persons/{person.Id}/verifications", new { method = "ThreeElement" });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, text);
        Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.Contains("Nobody was verified", text, StringComparison.Ordinal);
        var got = await GetAsync(admin, $"/api/identity/persons/{person.Id}");
        Assert.Equal("Unverified", got.GetProperty("status").GetString());
        Assert.Equal("Failed", got.GetProperty("verifications")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task NetworkIdentity_PersonAuthorisesInTheApp_CompletesVerifiedAtHigh()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var person = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id);
        var started = await StartAsync(admin, person.Id, new { method = "NetworkIdentity" });
        Assert.Equal("Pending", started.GetProperty("status").GetString());
        Assert.Equal("Pending", (await CompleteAsync(admin, started, new { })).GetProperty("status").GetString());
        var provider = hub.Service<LocalIdentityProvider>();
        using (var app = await new HttpClient().PostAsync(new Uri(provider.BaseUrl, $"/app/network-identity/{started.GetProperty("providerReference").GetString()}/authorise"), null))
        {
            Assert.Equal(HttpStatusCode.OK, app.StatusCode);
        }

        var completed = await CompleteAsync(admin, started, new { });
        Assert.Equal("Verified", completed.GetProperty("status").GetString());
        Assert.Equal("High", completed.GetProperty("level").GetString());
        Assert.StartsWith("cred-", completed.GetProperty("providerReference").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LocalPersonState.Deceased, "The register records the person as deceased.")]
    [InlineData(LocalPersonState.InvalidDocument, "The identity card is no longer valid.")]
    public async Task ThreeElement_RegisterSaysNo_RecordsRefusedWithReason(LocalPersonState state, string reason)
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var person = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id, state: state);
        var verification = await StartAsync(admin, person.Id, new { method = "ThreeElement" });
        Assert.Equal("Refused", verification.GetProperty("status").GetString());
        Assert.Equal(reason, verification.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Enterprise_RegisterMatchesAndLegalRepresentativeAuthorises_Verified()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var representative = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id, name: "钱七");
        await StartAsync(admin, representative.Id, new { method = "ThreeElement" });
        var code = TestGroup.NewCreditCode();
        hub.Service<LocalIdentityProvider>().Registry.Add(new LocalTestEnterprise("钱氏实业有限公司", code, "钱七"));
        var unverified = await PostAsync(admin, "/api/identity/enterprises", new
        {
            organisationId = hub.Group.Alpha.Id, name = "钱氏实业有限公司", creditCode = TestGroup.NewCreditCode(),
            legalRepresentativeId = representative.Id, administratorUserId = hub.Group["alpha.admin"].Id,
        });
        var early = await admin.PostAsync($"/api/identity/enterprises/{unverified.GetProperty("id").GetGuid()}/certificates", null);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("is Unverified; certificates are issued only to verified enterprises", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var enterprise = await PostAsync(admin, "/api/identity/enterprises", new
        {
            organisationId = hub.Group.Alpha.Id, name = "钱氏实业有限公司", creditCode = code,
            legalRepresentativeId = representative.Id, administratorUserId = hub.Group["alpha.admin"].Id,
        });
        var verification = await SendAsync(admin, HttpMethod.Post, $"/api/identity/enterprises/{enterprise.GetProperty("id").GetGuid()}/verifications", new { });
        Assert.Equal("Verified", verification.GetProperty("register").GetProperty("status").GetString());
        var authorisation = verification.GetProperty("authorisation");
        Assert.Equal("Pending", authorisation.GetProperty("status").GetString());
        await CompleteAsync(admin, authorisation, new { code = TestPerson.LastCode(hub, representative.Id) });
        var got = await GetAsync(admin, $"/api/identity/enterprises/{enterprise.GetProperty("id").GetGuid()}");
        Assert.Equal("Verified", got.GetProperty("status").GetString());
        Assert.Equal(authorisation.GetProperty("id").GetGuid(), got.GetProperty("authorisationId").GetGuid());
        var certificate = await PostAsync(admin, $"/api/identity/enterprises/{enterprise.GetProperty("id").GetGuid()}/certificates", new { });
        using var x509 = X509Certificate2.CreateFromPem(certificate.GetProperty("pem").GetString()!);
        Assert.Contains("SERIALNUMBER=" + code, x509.Subject, StringComparison.Ordinal);
        Assert.Contains("钱氏实业有限公司", x509.Subject, StringComparison.Ordinal);
    }

    private async Task<JsonElement> SignChallengeAsync(string serialNumber, JsonElement challenge)
    {
        // The person's UKey: the private key of their certificate, taken from the node's software key store.
        var trust = hub.Service<HubTrust>();
        var issued = await trust.Authority.GetCertificateAsync(serialNumber, CancellationToken.None);
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(await trust.Keys.ExportPkcs8Async(issued.SigningKeyId, CancellationToken.None), out _);
        var signature = key.SignData(Convert.FromBase64String(challenge.GetProperty("toBeSigned").GetString()!), HashAlgorithmName.SHA256);
        return JsonSerializer.SerializeToElement(new { signature = Convert.ToBase64String(signature), certificate = Convert.ToBase64String(issued.Certificate.RawData) });
    }

    private Task<JsonElement> StartAsync(HttpClient client, Guid personId, object body) =>
        PostAsync(client, $"/api/identity/persons/{personId}/verifications", body);

    private Task<JsonElement> CompleteAsync(HttpClient client, JsonElement verification, object body) =>
        SendAsync(client, HttpMethod.Post, $"/api/identity/verifications/{verification.GetProperty("id").GetGuid()}/complete", body);

    private Task<JsonElement> PostAsync(HttpClient client, string path, object body) => SendAsync(client, HttpMethod.Post, path, body);

    private async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        var text = await client.GetStringAsync(path);
        _responses.Add(text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string path, object body)
    {
        using var response = await client.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) });
        var text = await response.Content.ReadAsStringAsync();
        _responses.Add(text);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<string> DumpDatabaseAsync()
    {
        var dump = new StringBuilder();
        await using var connection = new NpgsqlConnection(hub.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains("identity.persons", tables);
        foreach (var table in tables)
        {
            await using var rows = new NpgsqlCommand($"SELECT row_to_json(t)::text FROM {table} t", connection);
            await using var reader = await rows.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                dump.AppendLine(reader.GetString(0));
            }
        }

        return dump.ToString();
    }
}
