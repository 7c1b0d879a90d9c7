using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Hub.Activities.Identity.UKey;
using Hub.Server.Tests.Infrastructure;
using Hub.Server.Trust;
using Hub.Trust.Verification;
using Npgsql;

namespace Hub.Server.Tests.Identity;

/// <summary>Personal certificates and the Hub CA's CRL: a revoked key cannot answer a UKey challenge, and erasing a
/// person revokes their certificates while what they signed before stays attributable to the signing time.</summary>
public sealed class IdentityRevocationTests(HubServerFixture hub, ITestOutputHelper output) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task UKey_CertificateRevokedInTheHubCrl_RefusedWithTheRevocation()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var person = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id);
        await TestPerson.StartAsync(admin, person.Id, new { method = "ThreeElement" });
        var serial = (await TestPerson.PostAsync(admin, $"/api/identity/persons/{person.Id}/certificates", new { })).GetProperty("serialNumber").GetString()!;
        // The same key answers before the revocation: the refusal below is the CRL's doing, not a bad signature.
        var before = await TestPerson.StartAsync(admin, person.Id, new { method = "UKey" });
        Assert.Equal("Verified", (await CompleteAsync(admin, before, await TestPerson.SignChallengeAsync(hub, serial, before))).GetProperty("status").GetString());

        var revocation = await hub.Service<HubTrust>().Authority.RevokeAsync(serial, X509RevocationReason.KeyCompromise, CancellationToken.None);
        var challenge = await TestPerson.StartAsync(admin, person.Id, new { method = "UKey" });
        var answered = await CompleteAsync(admin, challenge, await TestPerson.SignChallengeAsync(hub, serial, challenge));

        Assert.Equal("Refused", answered.GetProperty("status").GetString());
        Assert.Equal($"The certificate was revoked on {revocation.RevokedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z (KeyCompromise); a revoked key cannot answer a challenge.",
            answered.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Erase_RevokesCertificatesCessationOfOperation_AfterTheSignatureWhichStillVerifies()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var person = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id);
        await TestPerson.StartAsync(admin, person.Id, new { method = "ThreeElement" });
        var certificate = await TestPerson.PostAsync(admin, $"/api/identity/persons/{person.Id}/certificates", new { });
        var serial = certificate.GetProperty("serialNumber").GetString()!;
        var document = "采购合同 "u8.ToArray().Concat(Guid.NewGuid().ToByteArray()).ToArray();
        var digest = SHA256.HashData(document);
        var fresh = await TestPerson.StartAsync(admin, person.Id, new { method = "SmsCode", documentSha256 = Convert.ToHexString(digest) });
        await CompleteAsync(admin, fresh, new { code = TestPerson.LastCode(hub, person.Id) });
        var signed = await TestPerson.PostAsync(admin, $"/api/identity/persons/{person.Id}/signatures",
            new { documentSha256 = Convert.ToHexString(digest), authenticationId = fresh.GetProperty("id").GetGuid() });
        var signedAt = signed.GetProperty("usedAt").GetDateTimeOffset();

        using (var erase = await admin.DeleteAsync($"/api/identity/persons/{person.Id}"))
        {
            Assert.Equal(System.Net.HttpStatusCode.NoContent, erase.StatusCode);
        }

        var trust = hub.Service<HubTrust>();
        var chain = await trust.EnsureAuthorityAsync(CancellationToken.None);
        var crl = await trust.Authority.CreateCrlAsync(CancellationToken.None);
        var list = CertificateRevocationList.TryParse(crl)!;
        Assert.True(list.IsSignedBy(chain.Issuing));
        using var x509 = X509Certificate2.CreateFromPem(certificate.GetProperty("pem").GetString()!);
        var entry = list.EntryOf(x509);
        Assert.NotNull(entry);
        Assert.Equal(X509RevocationReason.CessationOfOperation, entry.Value.Reason);
        // Point-in-time validation (RFC 5280 §6.3 at the signing time): the key was not revoked when it signed. CRL times
        // are whole seconds (UTCTime, §5.1.2.6), so the signing time is compared at that granularity.
        var signedSecond = new DateTimeOffset(signedAt.UtcTicks - signedAt.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        Assert.True(signedSecond <= entry.Value.At, $"revoked {entry.Value.At:O}, signed {signedAt:O}");
        using var key = x509.GetECDsaPublicKey()!;
        Assert.True(key.VerifyHash(digest, Convert.FromBase64String(signed.GetProperty("signature").GetString()!), DSASignatureFormat.Rfc3279DerSequence));
        await using (var connection = new NpgsqlConnection(hub.ConnectionString))
        {
            await connection.OpenAsync();
            await using var use = new NpgsqlCommand("SELECT used_at FROM identity.signing_key_uses WHERE certificate_serial = $1", connection)
            { Parameters = { new() { Value = serial } } };
            // The logged use is the signing time the point-in-time check relies on (PostgreSQL keeps microseconds).
            var logged = ((DateTime)(await use.ExecuteScalarAsync())!).ToUniversalTime();
            Assert.InRange((logged - signedAt.UtcDateTime).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
        }

        await AssertOpenSslReadsRevocationAsync(chain.Root, chain.Issuing, x509, crl, serial);
    }

    [Fact]
    public async Task Erase_CertificateRevokedEarlier_KeepsThatRevocationAndRevokesTheOthers()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var person = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id);
        await TestPerson.StartAsync(admin, person.Id, new { method = "ThreeElement" });
        var compromised = await TestPerson.PostAsync(admin, $"/api/identity/persons/{person.Id}/certificates", new { });
        var current = await TestPerson.PostAsync(admin, $"/api/identity/persons/{person.Id}/certificates", new { });
        var trust = hub.Service<HubTrust>();
        // An administrator revoked one key before the erasure: the CA refuses to revoke it again, which erasure accepts.
        await trust.Authority.RevokeAsync(compromised.GetProperty("serialNumber").GetString()!, X509RevocationReason.KeyCompromise, CancellationToken.None);

        using (var erase = await admin.DeleteAsync($"/api/identity/persons/{person.Id}"))
        {
            Assert.Equal(System.Net.HttpStatusCode.NoContent, erase.StatusCode);
        }

        var list = CertificateRevocationList.TryParse(await trust.Authority.CreateCrlAsync(CancellationToken.None))!;
        using var first = X509Certificate2.CreateFromPem(compromised.GetProperty("pem").GetString()!);
        using var second = X509Certificate2.CreateFromPem(current.GetProperty("pem").GetString()!);
        Assert.Equal(X509RevocationReason.KeyCompromise, list.EntryOf(first)!.Value.Reason);
        Assert.Equal(X509RevocationReason.CessationOfOperation, list.EntryOf(second)!.Value.Reason);
        using var again = await admin.DeleteAsync($"/api/identity/persons/{person.Id}");
        Assert.Equal(System.Net.HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains($"Person {person.Id} was erased already.", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>OpenSSL, independently: the CRL lists the serial with reason Cessation Of Operation, and a verification
    /// now (-crl_check, which judges at the current time) reports "certificate revoked" — a verifier must judge the
    /// signature at its signing time, as the signing-key log above records it.</summary>
    private async Task AssertOpenSslReadsRevocationAsync(X509Certificate2 root, X509Certificate2 issuing, X509Certificate2 leaf, byte[] crl, string serial)
    {
        if (!ExternalTool.Available("openssl", output))
        {
            return;
        }

        var work = Directory.CreateTempSubdirectory("hub-identity-crl-").FullName;
        try
        {
            var paths = new Dictionary<string, string>();
            foreach (var (name, text) in new[] { ("root.pem", root.ExportCertificatePem()), ("issuing.pem", issuing.ExportCertificatePem()), ("leaf.pem", leaf.ExportCertificatePem()) })
            {
                paths[name] = Path.Combine(work, name);
                await File.WriteAllTextAsync(paths[name], text);
            }

            var crlDer = Path.Combine(work, "issuing.crl");
            await File.WriteAllBytesAsync(crlDer, crl);
            var text2 = await ExternalTool.RunAsync("openssl", "crl", "-inform", "DER", "-in", crlDer, "-noout", "-text");
            Assert.Equal(0, text2.ExitCode);
            // OpenSSL prints serials in even-length hex, so leading zeros are compared away on both sides.
            var lines = text2.Output.Split('\n');
            var line = Array.FindIndex(lines, l => l.Trim().StartsWith("Serial Number:", StringComparison.Ordinal) &&
                string.Equals(l.Split(':', 2)[1].Trim().TrimStart('0'), serial.TrimStart('0'), StringComparison.OrdinalIgnoreCase));
            Assert.True(line >= 0, text2.Output);
            var at = text2.Output.IndexOf(lines[line], StringComparison.Ordinal);
            Assert.Contains("Cessation Of Operation", text2.Output[at..Math.Min(text2.Output.Length, at + 300)], StringComparison.Ordinal);
            var crlPem = Path.Combine(work, "issuing.crl.pem");
            Assert.Equal(0, (await ExternalTool.RunAsync("openssl", "crl", "-inform", "DER", "-in", crlDer, "-out", crlPem)).ExitCode);
            var verified = await ExternalTool.RunAsync("openssl", "verify", "-crl_check", "-CAfile", paths["root.pem"], "-untrusted", paths["issuing.pem"],
                "-CRLfile", crlPem, paths["leaf.pem"]);
            Assert.NotEqual(0, verified.ExitCode);
            Assert.Contains("certificate revoked", verified.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<JsonElement> CompleteAsync(HttpClient client, JsonElement verification, object body)
    {
        using var response = await client.PostAsJsonAsync($"/api/identity/verifications/{verification.GetProperty("id").GetGuid()}/complete", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
