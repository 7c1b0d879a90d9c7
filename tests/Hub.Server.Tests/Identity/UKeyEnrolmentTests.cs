using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Hub.Server.Tests.Infrastructure;
using Npgsql;
using static Hub.Server.Tests.Identity.TestPerson;

namespace Hub.Server.Tests.Identity;

/// <summary>
/// A person's own UKey: its key never leaves the device. The Hub certifies it from a PKCS#10 request, the UKey answers
/// challenges with it, and the Hub neither holds nor signs with it.
/// </summary>
public sealed class UKeyEnrolmentTests(HubServerFixture hub) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task EnrolledUKey_AnswersChallenges_AndTheHubHoldsNoKeyForIt()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var person = await VerifiedPersonAsync(admin);
        using var device = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var der = new CertificateRequest("CN=UKey 0001", device, HashAlgorithmName.SHA256).CreateSigningRequest();
        var csr = PemEncoding.WriteString("CERTIFICATE REQUEST", der);
        var authentication = await EnrolmentAuthenticationAsync(admin, person.Id, der);

        var certificate = await PostAsync(admin, $"/api/identity/persons/{person.Id}/certificates",
            new { certificationRequest = csr, authenticationId = authentication });

        Assert.Equal("person", certificate.GetProperty("keyHolder").GetString());
        using var x509 = X509Certificate2.CreateFromPem(certificate.GetProperty("pem").GetString()!);
        Assert.Equal(device.ExportSubjectPublicKeyInfo(), x509.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.DoesNotContain("UKey 0001", x509.Subject, StringComparison.Ordinal);
        var serial = certificate.GetProperty("serialNumber").GetString()!;
        Assert.Null(await KeyIdAsync(serial));

        // The device signs the challenge as WebCrypto does (r||s); the Hub checks it against the certificate it issued.
        var ukey = await StartAsync(admin, person.Id, new { method = "UKey" });
        var toBeSigned = Convert.FromBase64String(ukey.GetProperty("toBeSigned").GetString()!);
        var answer = new
        {
            signature = Convert.ToBase64String(device.SignData(toBeSigned, HashAlgorithmName.SHA256)),
            certificate = Convert.ToBase64String(x509.RawData),
        };
        Assert.Equal("Verified", (await PostAsync(admin, $"/api/identity/verifications/{ukey.GetProperty("id").GetGuid()}/complete", answer))
            .GetProperty("status").GetString());

        // A fresh authentication by the UKey does not let the Hub sign: it holds no key of this person.
        var digest = SHA256.HashData("contract"u8);
        var fresh = await StartAsync(admin, person.Id, new { method = "UKey", documentSha256 = Convert.ToHexString(digest) });
        var freshAnswer = new
        {
            signature = Convert.ToBase64String(device.SignData(Convert.FromBase64String(fresh.GetProperty("toBeSigned").GetString()!), HashAlgorithmName.SHA256)),
            certificate = Convert.ToBase64String(x509.RawData),
        };
        await PostAsync(admin, $"/api/identity/verifications/{fresh.GetProperty("id").GetGuid()}/complete", freshAnswer);
        var sign = await admin.PostAsJsonAsync($"/api/identity/persons/{person.Id}/signatures",
            new { authenticationId = fresh.GetProperty("id").GetGuid(), documentSha256 = Convert.ToHexString(digest) });
        Assert.Equal(HttpStatusCode.Conflict, sign.StatusCode);
        Assert.Contains("has no valid certificate whose key the Hub holds", await sign.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a request")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")]
    public async Task NotARequest_Is400AndIssuesNothing(string request)
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var person = await VerifiedPersonAsync(admin);

        var response = await admin.PostAsJsonAsync($"/api/identity/persons/{person.Id}/certificates",
            new { certificationRequest = request, authenticationId = Guid.NewGuid() });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("must be a PKCS#10 request", problem.GetProperty("errors").GetProperty("certificationRequest")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await CertificateCountAsync(person.Id));
    }

    [Theory]
    [InlineData("MIIBADCBpwIBADAAMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE", "is not a PKCS#10 request whose signature verifies")]
    [InlineData("weak", "The request's RSA key has 1024 bits; at least 2048 are required.")]
    public async Task RequestTheCaRefuses_Is400_IssuesNothing_AndLeavesTheAuthenticationUnused(string request, string expected)
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var person = await VerifiedPersonAsync(admin);
        using var weak = RSA.Create(1024);
        var der = request == "weak"
            ? new CertificateRequest("CN=x", weak, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequest()
            : Convert.FromBase64String(request);
        var authentication = await EnrolmentAuthenticationAsync(admin, person.Id, der);

        var response = await admin.PostAsJsonAsync($"/api/identity/persons/{person.Id}/certificates",
            new { certificationRequest = Convert.ToBase64String(der), authenticationId = authentication });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await CertificateCountAsync(person.Id));
        Assert.Null(await ConsumedAtAsync(authentication));
    }

    [Fact]
    public async Task Enrolment_WithoutTheAuthenticationOrWithAStrayOne_Is400()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var person = await VerifiedPersonAsync(admin);
        using var device = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=UKey", device, HashAlgorithmName.SHA256).CreateSigningRequestPem();

        var response = await admin.PostAsJsonAsync($"/api/identity/persons/{person.Id}/certificates", new { certificationRequest = csr });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'authenticationId' is required with a certificationRequest", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stray = await admin.PostAsJsonAsync($"/api/identity/persons/{person.Id}/certificates", new { authenticationId = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.BadRequest, stray.StatusCode);
        Assert.Contains("'authenticationId' belongs to a certificationRequest", await stray.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await CertificateCountAsync(person.Id));
    }

    [Fact]
    public async Task Enrolment_AuthenticatedForAnotherKey_OrUsedTwice_IsRefused()
    {
        // An administrator's own key cannot become the person's UKey: the person's code names one request only.
        using var admin = await hub.SignInAsync("alpha.admin");
        var person = await VerifiedPersonAsync(admin);
        using var personsDevice = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var otherDevice = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var personsRequest = new CertificateRequest("CN=UKey", personsDevice, HashAlgorithmName.SHA256).CreateSigningRequest();
        var otherRequest = new CertificateRequest("CN=UKey", otherDevice, HashAlgorithmName.SHA256).CreateSigningRequest();
        var authentication = await EnrolmentAuthenticationAsync(admin, person.Id, personsRequest);

        var swapped = await admin.PostAsJsonAsync($"/api/identity/persons/{person.Id}/certificates",
            new { certificationRequest = Convert.ToBase64String(otherRequest), authenticationId = authentication });
        Assert.Equal(HttpStatusCode.Conflict, swapped.StatusCode);
        Assert.Contains("was made for another signing or enrolment", await swapped.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await CertificateCountAsync(person.Id));

        await PostAsync(admin, $"/api/identity/persons/{person.Id}/certificates",
            new { certificationRequest = Convert.ToBase64String(personsRequest), authenticationId = authentication });
        var again = await admin.PostAsJsonAsync($"/api/identity/persons/{person.Id}/certificates",
            new { certificationRequest = Convert.ToBase64String(personsRequest), authenticationId = authentication });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("was used already", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await CertificateCountAsync(person.Id));
    }

    /// <summary>A new person of Alpha, verified by three elements (Substantial, enough for a certificate).</summary>
    private async Task<TestPerson> VerifiedPersonAsync(HttpClient admin)
    {
        var person = await RegisterAsync(hub, admin, hub.Group.Alpha.Id);
        await StartAsync(admin, person.Id, new { method = "ThreeElement" });
        return person;
    }

    /// <summary>The person's fresh SMS authentication for exactly this request (the code read from the development sink).</summary>
    private async Task<Guid> EnrolmentAuthenticationAsync(HttpClient admin, Guid personId, byte[] certificationRequest)
    {
        var started = await StartAsync(admin, personId,
            new { method = "SmsCode", certificationRequestSha256 = Convert.ToHexString(SHA256.HashData(certificationRequest)) });
        var id = started.GetProperty("id").GetGuid();
        var done = await PostAsync(admin, $"/api/identity/verifications/{id}/complete", new { code = LastCode(hub, personId) });
        Assert.Equal("Verified", done.GetProperty("status").GetString());
        return id;
    }

    private Task<string?> KeyIdAsync(string serial) =>
        ScalarAsync<string>("SELECT key_id FROM identity.certificates WHERE serial_number = $1", serial);

    private async Task<long> CertificateCountAsync(Guid personId) =>
        (await ScalarAsync<long?>("SELECT count(*) FROM identity.certificates WHERE subject_id = $1", personId))!.Value;

    private Task<DateTime?> ConsumedAtAsync(Guid verificationId) =>
        ScalarAsync<DateTime?>("SELECT consumed_at FROM identity.verifications WHERE id = $1", verificationId);

    /// <summary>One value of one row, read straight from the database (a missing row fails; SQL NULL is null).</summary>
    private async Task<T?> ScalarAsync<T>(string sql, object parameter)
    {
        await using var connection = new NpgsqlConnection(hub.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = parameter } } };
        var value = await command.ExecuteScalarAsync();
        Assert.NotNull(value);
        return value is DBNull ? default : (T)value;
    }
}
