using System.Security.Cryptography;
using Hub.Activities.Identity;
using Hub.Activities.Identity.Otp;
using Hub.Activities.Identity.Persons;
using Hub.Activities.Identity.Providers;
using Hub.Activities.Identity.Providers.Local;
using Hub.Activities.Identity.UKey;
using Hub.Activities.Identity.Verification;
using Hub.Trust.Keys;
using Hub.Trust.Pki;

namespace Hub.Activities.Tests.Identity;

/// <summary>Person verification end to end against the local provider over HTTP, the SMS sink and a test CA.</summary>
public sealed class PersonVerifierTests(TestAuthority ca) : IAsyncLifetime, IClassFixture<TestAuthority>
{
    private readonly TestAuthority _ca = ca;
    private readonly Hub.Activities.Identity.Protection.IdentityKeyRing _keys = PersonalDataProtectionTests.Ring();
    private LocalIdentityProvider _provider = null!;
    private HttpClient _http = null!;
    private DevelopmentSmsSink _sms = null!;
    private CertificateAuthorityChain _chain = null!;

    public async Task InitializeAsync()
    {
        _provider = LocalIdentityProvider.Start(LocalIdentityRegistry.Demo());
        _http = new HttpClient();
        _sms = new DevelopmentSmsSink();
        _chain = _ca.Chain;
        await Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _provider.DisposeAsync();
    }

    private PersonVerifier Verifier(double timeoutSeconds = 10)
    {
        var options = _provider.ClientOptions();
        options.AttemptTimeout = TimeSpan.FromSeconds(timeoutSeconds);
        options.MaxAttempts = 2;
        options.InitialBackoff = TimeSpan.FromMilliseconds(10);
        return new PersonVerifier(new HttpIdentityProvider(_http, options, TimeProvider.System), _sms, _keys,
            new UKeyChallenge([_chain.Root], [_chain.Issuing]), TimeProvider.System);
    }

    private Person Zhang() => Person.Register(Guid.NewGuid(), null,
        PersonalDataProtectionTests.Details("11010519491231002X", "13800138000", "张三"), _keys, DateTimeOffset.UtcNow);

    private Task<IdentityVerification> StartAsync(Person person, VerificationMethod method, VerificationStart? start = null,
        IReadOnlyCollection<DateTimeOffset>? sent = null) =>
        Verifier().StartAsync(person, method, start ?? new VerificationStart(), PersonVerifier.VerificationPurpose, sent ?? [], CancellationToken.None);

    [Fact]
    public async Task ThreeElement_Match_VerifiesAtSubstantial()
    {
        var person = Zhang();
        var verification = await StartAsync(person, VerificationMethod.ThreeElement);
        Assert.Equal(VerificationStatus.Verified, verification.Status);
        Assert.Equal(AssuranceLevel.Substantial, verification.Level);
        Assert.Equal("local", verification.Provider);
        Assert.True(person.IsVerified(DateTimeOffset.UtcNow, AssuranceLevel.Substantial));
        Assert.True(verification.ExpiresAt > DateTimeOffset.UtcNow.AddDays(364));
    }

    [Fact]
    public async Task ThreeElement_Deceased_IsRefusedWithReason()
    {
        var person = Person.Register(Guid.NewGuid(), null, PersonalDataProtectionTests.Details("440524188001010014", "13900139000", "李四"), _keys, DateTimeOffset.UtcNow);
        var verification = await StartAsync(person, VerificationMethod.ThreeElement);
        Assert.Equal(VerificationStatus.Refused, verification.Status);
        Assert.Equal("The register records the person as deceased.", verification.Reason);
        Assert.False(person.IsVerified(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task ThreeElement_ProviderTimesOut_RecordIsFailedAndPersonNotVerified()
    {
        _provider.InjectFault(LocalProviderFault.Timeout, 2);
        var person = Zhang();
        var verifier = Verifier(timeoutSeconds: 0.3);
        IdentityVerification? captured = null;
        var error = await Assert.ThrowsAsync<IdentityProviderException>(async () =>
            captured = await verifier.StartAsync(person, VerificationMethod.ThreeElement, new VerificationStart(),
                PersonVerifier.VerificationPurpose, [], CancellationToken.None));
        Assert.Null(captured);
        Assert.True(error.IsTransient);
        Assert.Equal(PersonStatus.Unverified, person.Status);
        Assert.False(person.IsVerified(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Sms_RightCode_Verifies()
    {
        var person = Zhang();
        var verification = await StartAsync(person, VerificationMethod.SmsCode);
        Assert.Equal(VerificationStatus.Pending, verification.Status);
        var code = CodeFromSms(person);
        Assert.Null(await Verifier().CompleteAsync(person, verification, new VerificationAnswer(code), CancellationToken.None));
        Assert.Equal(VerificationStatus.Verified, verification.Status);
        Assert.Equal(AssuranceLevel.Low, verification.Level);
    }

    [Fact]
    public async Task Sms_BruteForce_LocksAfterFiveWrongCodesAndTheRightCodeNoLongerWorks()
    {
        var person = Zhang();
        var verification = await StartAsync(person, VerificationMethod.SmsCode);
        var code = CodeFromSms(person);
        var wrong = Enumerable.Range(0, 1_000_000).Select(n => n.ToString("000000", System.Globalization.CultureInfo.InvariantCulture)).Where(c => c != code).Take(5).ToList();
        var left = new List<int?>();
        foreach (var guess in wrong)
        {
            left.Add(await Verifier().CompleteAsync(person, verification, new VerificationAnswer(guess), CancellationToken.None));
        }

        Assert.Equal([4, 3, 2, 1, 0], left);
        Assert.Equal(VerificationStatus.Locked, verification.Status);
        var error = await Assert.ThrowsAsync<IdentityException>(() =>
            Verifier().CompleteAsync(person, verification, new VerificationAnswer(code), CancellationToken.None));
        Assert.Equal(IdentityFailure.WrongState, error.Failure);
        Assert.Equal($"Verification {verification.Id} is Locked; only a pending verification can change.", error.Message);
    }

    [Fact]
    public async Task Sms_TooSoonAfterTheLastCode_IsRateLimited()
    {
        var person = Zhang();
        var error = await Assert.ThrowsAsync<IdentityRateLimitException>(() =>
            StartAsync(person, VerificationMethod.SmsCode, sent: [DateTimeOffset.UtcNow.AddSeconds(-10)]));
        // 60 s between codes, the last sent 10 s ago; a few seconds of slack for a stalled machine.
        Assert.InRange(error.RetryAfter, TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(50));
        var hourly = Enumerable.Range(1, 5).Select(i => DateTimeOffset.UtcNow.AddMinutes(-10 * i)).ToList();
        await Assert.ThrowsAsync<IdentityRateLimitException>(() => StartAsync(person, VerificationMethod.SmsCode, sent: hourly));
    }

    [Fact]
    public async Task UKey_SignedChallenge_VerifiesAndReplayIsRefused()
    {
        var person = Zhang();
        var (certificate, key) = await IssueAsync(person.Pseudonym);
        var verification = await StartAsync(person, VerificationMethod.UKey);
        var signature = key.SignData(UKeyChallenge.ToBeSigned(verification.Id, verification.Challenge), HashAlgorithmName.SHA256);
        var answer = new VerificationAnswer(Signature: signature, Certificate: certificate);
        await Verifier().CompleteAsync(person, verification, answer, CancellationToken.None);
        Assert.Equal(VerificationStatus.Verified, verification.Status);
        Assert.Equal(AssuranceLevel.High, verification.Level);
        var replay = await Assert.ThrowsAsync<IdentityException>(() => Verifier().CompleteAsync(person, verification, answer, CancellationToken.None));
        Assert.Equal(IdentityFailure.WrongState, replay.Failure);
        Assert.Equal($"Verification {verification.Id} is Verified; only a pending verification can change.", replay.Message);

        // The same signature presented for a new challenge does not answer it.
        var next = await StartAsync(person, VerificationMethod.UKey);
        await Verifier().CompleteAsync(person, next, answer, CancellationToken.None);
        Assert.Equal(VerificationStatus.Refused, next.Status);
        Assert.Equal("The signature does not verify with the certificate's key.", next.Reason);
    }

    [Fact]
    public async Task UKey_DerEncodedEcdsaSignature_AsUKeyMiddlewareSends_Verifies()
    {
        // WebCrypto gives r||s (the other tests); UKey middleware usually sends the DER SEQUENCE of RFC 3279.
        var person = Zhang();
        var (certificate, key) = await IssueAsync(person.Pseudonym);
        var verification = await StartAsync(person, VerificationMethod.UKey);
        var signature = key.SignData(UKeyChallenge.ToBeSigned(verification.Id, verification.Challenge), HashAlgorithmName.SHA256,
            DSASignatureFormat.Rfc3279DerSequence);
        await Verifier().CompleteAsync(person, verification, new VerificationAnswer(Signature: signature, Certificate: certificate), CancellationToken.None);
        Assert.Equal(VerificationStatus.Verified, verification.Status);
    }

    [Fact]
    public async Task UKey_CertificateOfAnotherPerson_IsRefused()
    {
        var person = Zhang();
        var (certificate, key) = await IssueAsync("POTHERPERSON");
        var verification = await StartAsync(person, VerificationMethod.UKey);
        var signature = key.SignData(UKeyChallenge.ToBeSigned(verification.Id, verification.Challenge), HashAlgorithmName.SHA256);
        await Verifier().CompleteAsync(person, verification, new VerificationAnswer(Signature: signature, Certificate: certificate), CancellationToken.None);
        Assert.Equal(VerificationStatus.Refused, verification.Status);
        Assert.Equal("The certificate was not issued to this person.", verification.Reason);
    }

    [Fact]
    public async Task UKey_SelfSignedCertificate_DoesNotChain()
    {
        var person = Zhang();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest($"CN=Forged, SERIALNUMBER={person.Pseudonym}", key, HashAlgorithmName.SHA256);
        using var forged = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var verification = await StartAsync(person, VerificationMethod.UKey);
        var signature = key.SignData(UKeyChallenge.ToBeSigned(verification.Id, verification.Challenge), HashAlgorithmName.SHA256);
        await Verifier().CompleteAsync(person, verification, new VerificationAnswer(Signature: signature, Certificate: forged.RawData), CancellationToken.None);
        Assert.Equal(VerificationStatus.Refused, verification.Status);
        Assert.StartsWith("The certificate does not chain to a trusted CA", verification.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NetworkIdentity_AuthorisedInApp_VerifiesAtHighWithCredentialId()
    {
        var person = Zhang();
        var verification = await StartAsync(person, VerificationMethod.NetworkIdentity);
        Assert.Equal(VerificationStatus.Pending, verification.Status);
        await Verifier().CompleteAsync(person, verification, new VerificationAnswer(), CancellationToken.None);
        Assert.Equal(VerificationStatus.Pending, verification.Status);
        using (await _http.PostAsync(new Uri(_provider.BaseUrl, $"/app/network-identity/{verification.ProviderReference}/authorise"), null))
        {
        }

        await Verifier().CompleteAsync(person, verification, new VerificationAnswer(), CancellationToken.None);
        Assert.Equal(VerificationStatus.Verified, verification.Status);
        Assert.Equal(AssuranceLevel.High, verification.Level);
        Assert.StartsWith("cred-", verification.ProviderReference, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Face_RegisteredDigest_Verifies()
    {
        var person = Zhang();
        var verification = await StartAsync(person, VerificationMethod.Face,
            new VerificationStart(Convert.ToHexString(SHA256.HashData("test"u8)), LivenessPassed: true));
        Assert.Equal(VerificationStatus.Verified, verification.Status);
    }

    private string CodeFromSms(Person person)
    {
        var message = _sms.LastTo(person.Id)!;
        return System.Text.RegularExpressions.Regex.Match(message, "[0-9]{6}").Value;
    }

    private async Task<(byte[] Certificate, ECDsa Key)> IssueAsync(string pseudonym)
    {
        var issued = await _ca.Authority.IssueAsync($"CN=Hub person {pseudonym}, SERIALNUMBER={pseudonym}, C=CN", CertificateKind.Person,
            KeyAlgorithm.EcdsaP256, TimeSpan.FromDays(30), CancellationToken.None);
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(await _ca.Keys.ExportPkcs8Async(issued.SigningKeyId, CancellationToken.None), out _);
        return (issued.Certificate.RawData, key);
    }
}
