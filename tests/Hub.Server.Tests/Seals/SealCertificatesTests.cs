using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hub.Activities.Seals;
using Hub.Server.Secrets;
using Hub.Server.Seals;
using Hub.Server.Seals.Stores;
using Hub.Server.Trust;
using Hub.Testing;

namespace Hub.Server.Tests.Seals;

/// <summary>
/// Electronic seals get their certificate from the Hub CA (for the entity, key in the database's key store) or from a
/// licensed CA as PKCS#12; a file that fails a check (wrong password, a key usage that cannot sign, expired) is refused
/// in plain words and changes nothing: no key, no certificate record, the seal as it was.
/// </summary>
public sealed class SealCertificatesTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("hub-seal-certs-").FullName;
    private readonly ExternalSealCa _licensed = new();
    private SealLedgerDatabase db = null!;
    private HubTrust trust = null!;
    private SealCertificates certificates = null!;

    public async Task InitializeAsync()
    {
        db = await SealLedgerDatabase.CreateAsync();
        var time = ManualTime.StartingNow();
        trust = new HubTrust(DatabaseKeyRecords.KeyStore(db.Runtime, MasterKey.Load(_data)), new DatabaseCertificateAuthorityStore(db.Runtime),
            new TrustDesignations(db.Runtime, time), time);
        certificates = new SealCertificates(db.Runtime, trust, time);
    }

    public async Task DisposeAsync()
    {
        await db.DisposeAsync();
        _licensed.Dispose();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Issue_EntitySeal_BoundToAHubCaCertificateNamingTheEntityWhoseKeySigns()
    {
        var seal = await db.SealAsync(db.Group.Alpha, SealType.Contract);

        var outcome = await certificates.IssueAsync(seal.Id, db.Group["alpha.admin"].Id, CancellationToken.None);

        Assert.Null(outcome.Refusal);
        var issued = await trust.Authority.GetCertificateAsync(outcome.Value!.CertificateSerial!, CancellationToken.None);
        Assert.False(issued.IsExternal);
        Assert.Equal(outcome.Value.KeyId, issued.KeyId);
        Assert.Equal($"CN={db.Group.Alpha.Name} 合同专用章, O={db.Group.Alpha.Name}, SERIALNUMBER={db.Group.Alpha.CreditCode}, C=CN", issued.Certificate.Subject);
        var hash = SHA256.HashData("contract"u8);
        var signature = await trust.Keys.SignHashAsync(issued.SigningKeyId, hash, HashAlgorithmName.SHA256, CancellationToken.None);
        Assert.True(issued.Certificate.GetECDsaPublicKey()!.VerifyHash(hash, signature, DSASignatureFormat.Rfc3279DerSequence));
        Assert.Equal(["seal-status registered", "seal-status certificate-bound"], await db.EvidenceAsync(SealEvidence.SealSubject(seal.Id)));
    }

    [Fact]
    public async Task Issue_Again_NewCertificateBoundAndTheSupersededOneRevoked()
    {
        var seal = await db.SealAsync(db.Group.Alpha, SealType.Official);
        var first = (await certificates.IssueAsync(seal.Id, null, CancellationToken.None)).Value!.CertificateSerial!;

        var second = (await certificates.IssueAsync(seal.Id, null, CancellationToken.None)).Value!.CertificateSerial!;

        Assert.NotEqual(first, second);
        Assert.Equal(1L, await db.CountAsync("SELECT count(*) FROM hub.ca_revocations WHERE serial_number = $1", first));
        Assert.Equal(0L, await db.CountAsync("SELECT count(*) FROM hub.ca_revocations WHERE serial_number = $1", second));
    }

    [Fact]
    public async Task Import_LicensedCaPkcs12_BoundAsExternalWithItsChain()
    {
        var seal = await db.SealAsync(db.Group.Beta, SealType.Contract);

        var outcome = await certificates.ImportAsync(seal.Id, _licensed.SealPkcs12(db.Group.Beta.Name), ExternalSealCa.Password, null, CancellationToken.None);

        Assert.Null(outcome.Refusal);
        var imported = await trust.Authority.GetCertificateAsync(outcome.Value!.CertificateSerial!, CancellationToken.None);
        Assert.True(imported.IsExternal);
        Assert.Equal(_licensed.Root.RawData, Assert.Single(imported.Chain).RawData);
        Assert.Equal(outcome.Value.KeyId, imported.KeyId);
        var hash = SHA256.HashData("contract"u8);
        var signature = await trust.Keys.SignHashAsync(imported.SigningKeyId, hash, HashAlgorithmName.SHA256, CancellationToken.None);
        Assert.True(imported.Certificate.GetECDsaPublicKey()!.VerifyHash(hash, signature, DSASignatureFormat.Rfc3279DerSequence));
    }

    public static TheoryData<string, string> Refused => new()
    {
        { "wrong-password", "The PKCS#12 cannot be opened (wrong password, or not a PKCS#12 file)" },
        { "key-encipherment-only", "has key usage KeyEncipherment, which allows neither digitalSignature nor nonRepudiation." },
        { "expired", " expired at " },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Import_BadPkcs12_RefusedInWordsAndNothingChanged(string defect, string expected)
    {
        var seal = await db.SealAsync(db.Group.Beta, SealType.Finance);
        var issued = (await certificates.IssueAsync(seal.Id, null, CancellationToken.None)).Value!;
        var (pkcs12, password) = defect switch
        {
            "wrong-password" => (_licensed.SealPkcs12(db.Group.Beta.Name), "not-the-password"),
            "key-encipherment-only" => (_licensed.SealPkcs12(db.Group.Beta.Name, X509KeyUsageFlags.KeyEncipherment), ExternalSealCa.Password),
            _ => (_licensed.SealPkcs12(db.Group.Beta.Name, notBefore: DateTimeOffset.UtcNow.AddYears(-2), notAfter: DateTimeOffset.UtcNow.AddDays(-1)),
                ExternalSealCa.Password),
        };
        var certificatesBefore = await db.CountAsync("SELECT count(*) FROM hub.ca_certificates");
        var keysBefore = await db.CountAsync("SELECT count(*) FROM hub.trust_keys");
        var evidenceBefore = await db.CountAsync("SELECT count(*) FROM hub.evidence_log");

        var outcome = await certificates.ImportAsync(seal.Id, pkcs12, password, null, CancellationToken.None);

        Assert.Equal((SealRefusalKind.Invalid, "pkcs12-refused"), (outcome.Refusal!.Kind, outcome.Refusal.Code));
        Assert.Contains(expected, outcome.Refusal.Message, StringComparison.Ordinal);
        Assert.Equal(certificatesBefore, await db.CountAsync("SELECT count(*) FROM hub.ca_certificates"));
        Assert.Equal(keysBefore, await db.CountAsync("SELECT count(*) FROM hub.trust_keys"));
        Assert.Equal(evidenceBefore, await db.CountAsync("SELECT count(*) FROM hub.evidence_log"));
        var after = (await SealStore.GetAsync(db.Runtime, seal.Id, CancellationToken.None))!;
        Assert.Equal((issued.CertificateSerial, issued.KeyId), (after.CertificateSerial, after.KeyId));
    }

    [Fact]
    public async Task IssueAndImport_PhysicalOrRevokedSeal_Refused()
    {
        var physical = await db.SealAsync(db.Group.Alpha, SealType.Official, SealMedium.Physical);
        var revoked = await db.SealAsync(db.Group.Alpha, SealType.Invoice);
        await SealStore.ChangeStatusAsync(db.Runtime, revoked.Id, SealStatus.Revoked, "作废", null, DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal("seal-physical", (await certificates.IssueAsync(physical.Id, null, CancellationToken.None)).Refusal!.Code);
        Assert.Equal("seal-revoked", (await certificates.ImportAsync(revoked.Id, _licensed.SealPkcs12("x"), ExternalSealCa.Password, null,
            CancellationToken.None)).Refusal!.Code);
        Assert.Equal(SealRefusalKind.NotFound, (await certificates.IssueAsync(Guid.NewGuid(), null, CancellationToken.None)).Refusal!.Kind);
    }
}
