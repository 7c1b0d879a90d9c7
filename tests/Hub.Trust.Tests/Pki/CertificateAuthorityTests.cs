using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hub.Trust.Keys;
using Hub.Trust.Pki;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Pki;

public sealed class CertificateAuthorityTests(ITestOutputHelper output)
{
    private static readonly TimeSpan OneYear = TimeSpan.FromDays(365);

    [Fact]
    public async Task InitAsync_NewCa_RootAndIssuingHaveCaProfiles()
    {
        using var pki = await TestPki.CreateAsync();

        var root = pki.Chain.Root;
        var issuing = pki.Chain.Issuing;
        Assert.Equal(root.SubjectName.RawData, root.IssuerName.RawData);
        Assert.Equal(root.SubjectName.RawData, issuing.IssuerName.RawData);
        var rootConstraints = root.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        var issuingConstraints = issuing.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(rootConstraints is { CertificateAuthority: true, HasPathLengthConstraint: true, PathLengthConstraint: 1, Critical: true });
        Assert.True(issuingConstraints is { CertificateAuthority: true, HasPathLengthConstraint: true, PathLengthConstraint: 0, Critical: true });
        foreach (var ca in new[] { root, issuing })
        {
            var keyUsage = ca.Extensions.OfType<X509KeyUsageExtension>().Single();
            Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, keyUsage.KeyUsages);
            Assert.True(keyUsage.Critical);
        }

        Assert.True(root.NotAfter > issuing.NotAfter);
        Assert.Equal(
            root.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifierBytes.ToArray(),
            issuing.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single().KeyIdentifier!.Value.ToArray());
    }

    [Fact]
    public async Task InitAsync_Twice_ThrowsAlreadyInitialised()
    {
        using var pki = await TestPki.CreateAsync();

        var error = await Assert.ThrowsAsync<CertificateAuthorityException>(() => pki.Authority.InitAsync(CancellationToken.None));

        Assert.Equal($"The CA is initialised already (root '{pki.Chain.Root.Subject}', serial {pki.Chain.Root.SerialNumber}).", error.Message);
    }

    [Fact]
    public async Task InitAsync_AnotherProcessSavedFirst_ReturnsThatProcessesChain()
    {
        // The second CA reads "not initialised" just before the first one saves (two nodes starting together), then
        // loses the save: it must hand back the winner's chain, not its own discarded certificates nor an error.
        using var pki = await TestPki.CreateAsync();
        var late = new CertificateAuthority(pki.Keys, new ReadsEmptyOnce(new FileCertificateAuthorityStore(pki.Directory.File("ca"))),
            new CertificateAuthorityOptions { RootSubject = "CN=Late Root", IssuingSubject = "CN=Late Issuing", CaKeyAlgorithm = KeyAlgorithm.EcdsaP256 },
            pki.Time);

        var chain = await late.InitAsync(CancellationToken.None);

        Assert.Equal(pki.Chain.Root.RawData, chain.Root.RawData);
        Assert.Equal(pki.Chain.Issuing.RawData, chain.Issuing.RawData);
    }

    [Theory]
    [InlineData(CertificateKind.Organisation, KeyAlgorithm.Rsa2048, 2048)]
    [InlineData(CertificateKind.Organisation, KeyAlgorithm.Rsa3072, 3072)]
    [InlineData(CertificateKind.Organisation, KeyAlgorithm.EcdsaP256, 256)]
    [InlineData(CertificateKind.Person, KeyAlgorithm.Rsa2048, 2048)]
    [InlineData(CertificateKind.Person, KeyAlgorithm.EcdsaP256, 256)]
    public async Task IssueAsync_SigningCertificate_ChainsToRootWithSigningProfile(CertificateKind kind, KeyAlgorithm algorithm, int keySize)
    {
        using var pki = await TestPki.CreateAsync();

        var issued = await pki.Authority.IssueAsync("CN=示例贸易有限公司合同专用章, O=示例贸易有限公司, C=CN", kind, algorithm, OneYear, CancellationToken.None);

        var certificate = issued.Certificate;
        Assert.Equal(keySize, certificate.PublicKey.GetRSAPublicKey()?.KeySize ?? certificate.PublicKey.GetECDsaPublicKey()!.KeySize);
        Assert.Contains("CN=示例贸易有限公司合同专用章", certificate.Subject);
        AssertChainsToRoot(pki, certificate);
        var keyUsage = certificate.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.True(keyUsage.Critical);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, keyUsage.KeyUsages);
        var eku = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.False(eku.Critical);
        Assert.Equal(["1.3.6.1.5.5.7.3.36", "1.3.6.1.5.5.7.3.4"], eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
        Assert.False(certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        var aia = certificate.Extensions.OfType<X509AuthorityInformationAccessExtension>().Single();
        Assert.Equal(["http://pki.hub.test/issuing.cer"], aia.EnumerateCAIssuersUris());
        Assert.Contains("http://pki.hub.test/issuing.crl", certificate.Extensions["2.5.29.31"]!.Format(false));
        Assert.Equal(
            pki.Chain.Issuing.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifierBytes.ToArray(),
            certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single().KeyIdentifier!.Value.ToArray());
        Assert.Equal(pki.Time.GetUtcNow().AddMinutes(-5).UtcDateTime, certificate.NotBefore.ToUniversalTime(), TimeSpan.FromSeconds(1));
        Assert.Equal(pki.Time.GetUtcNow().Add(OneYear).UtcDateTime, certificate.NotAfter.ToUniversalTime(), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task IssueAsync_TimestampAuthority_HasOnlyCriticalTimeStampingEku()
    {
        using var pki = await TestPki.CreateAsync();

        var issued = await pki.Authority.IssueAsync("CN=Hub TSA", CertificateKind.TimestampAuthority, KeyAlgorithm.Rsa2048, OneYear, CancellationToken.None);

        var eku = issued.Certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.True(eku.Critical);
        Assert.Equal(["1.3.6.1.5.5.7.3.8"], eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
        AssertChainsToRoot(pki, issued.Certificate);
    }

    [Fact]
    public async Task IssueAsync_ManyCertificates_SerialsUniquePositiveAndLong()
    {
        using var pki = await TestPki.CreateAsync();
        var serials = new List<string>();

        for (var i = 0; i < 60; i++)
        {
            var issued = await pki.Authority.IssueAsync($"CN=Person {i}", CertificateKind.Person, KeyAlgorithm.EcdsaP256, OneYear, CancellationToken.None);
            serials.Add(issued.SerialNumber);
            Assert.Equal(issued.Certificate.SerialNumber, issued.SerialNumber);
        }

        Assert.Equal(serials.Count, serials.Distinct().Count());
        Assert.All(serials, s => Assert.Equal(32, s.Length));
        Assert.All(serials, s => Assert.True(Convert.FromHexString(s)[0] is > 0 and < 0x80));
    }

    [Theory]
    [InlineData("O=No Common Name, C=CN", "The subject 'O=No Common Name, C=CN' has no common name (CN).")]
    [InlineData("this is not a DN", "The subject 'this is not a DN' is not a distinguished name (RFC 4514, e.g. \"CN=Name, O=Org, C=CN\").")]
    public async Task IssueAsync_BadSubject_Throws(string subject, string expected)
    {
        using var pki = await TestPki.CreateAsync();

        var error = await Assert.ThrowsAsync<CertificateAuthorityException>(
            () => pki.Authority.IssueAsync(subject, CertificateKind.Person, KeyAlgorithm.EcdsaP256, OneYear, CancellationToken.None));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public async Task IssueAsync_ValidityBeyondIssuingCa_Throws()
    {
        using var pki = await TestPki.CreateAsync();

        var error = await Assert.ThrowsAsync<CertificateAuthorityException>(
            () => pki.Authority.IssueAsync("CN=Long", CertificateKind.Person, KeyAlgorithm.EcdsaP256, TimeSpan.FromDays(4000), CancellationToken.None));

        Assert.StartsWith("Validity until ", error.Message);
        Assert.EndsWith($"would outlast the issuing CA, which expires {pki.Chain.Issuing.NotAfter.ToUniversalTime():u}.", error.Message);
    }

    [Fact]
    public async Task IssueAsync_NotInitialised_Throws()
    {
        using var directory = new TestDirectory();
        var keys = new SoftwareKeyStore(new SoftwareKeyStoreOptions
        {
            Directory = directory.File("keys"),
            MasterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });
        var authority = new CertificateAuthority(
            keys, new FileCertificateAuthorityStore(directory.File("ca")), new CertificateAuthorityOptions(), ManualTime.StartingNow());

        var error = await Assert.ThrowsAsync<CertificateAuthorityException>(
            () => authority.IssueAsync("CN=X", CertificateKind.Person, KeyAlgorithm.EcdsaP256, OneYear, CancellationToken.None));

        Assert.Equal("The CA is not initialised; run 'hub ca init' first.", error.Message);
        Assert.Null(await authority.GetChainAsync(CancellationToken.None));
    }

    [Fact]
    public async Task InitAsync_DefaultRsaCaKeys_IssuesVerifiableCertificate()
    {
        using var pki = await TestPki.CreateAsync(KeyAlgorithm.Rsa3072);

        var issued = await pki.Authority.IssueAsync("CN=Seal", CertificateKind.Organisation, KeyAlgorithm.Rsa2048, OneYear, CancellationToken.None);

        Assert.Equal(3072, pki.Chain.Root.GetRSAPublicKey()!.KeySize);
        AssertChainsToRoot(pki, issued.Certificate);
    }

    [Fact]
    public async Task CreateCrlAsync_AfterRevocation_ListsSerialWithIncreasingCrlNumber()
    {
        using var pki = await TestPki.CreateAsync();
        var kept = await pki.Authority.IssueAsync("CN=Kept", CertificateKind.Person, KeyAlgorithm.EcdsaP256, OneYear, CancellationToken.None);
        var revoked = await pki.Authority.IssueAsync("CN=Revoked", CertificateKind.Person, KeyAlgorithm.EcdsaP256, OneYear, CancellationToken.None);
        var first = await pki.Authority.CreateCrlAsync(CancellationToken.None);

        var revocation = await pki.Authority.RevokeAsync(revoked.SerialNumber.ToLowerInvariant(), X509RevocationReason.KeyCompromise, CancellationToken.None);
        pki.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await pki.Authority.CreateCrlAsync(CancellationToken.None);

        Assert.Equal(revoked.SerialNumber, revocation.SerialNumber);
        var firstBuilder = CertificateRevocationListBuilder.Load(first, out BigInteger firstNumber);
        var secondBuilder = CertificateRevocationListBuilder.Load(second, out BigInteger secondNumber);
        Assert.True(secondNumber > firstNumber);
        Assert.False(firstBuilder.RemoveEntry(Convert.FromHexString(revoked.SerialNumber)));
        Assert.True(secondBuilder.RemoveEntry(Convert.FromHexString(revoked.SerialNumber)));
        Assert.False(secondBuilder.RemoveEntry(Convert.FromHexString(kept.SerialNumber)));
    }

    [Fact]
    public async Task RevokeAsync_UnknownOrRepeated_Throws()
    {
        using var pki = await TestPki.CreateAsync();
        var issued = await pki.Authority.IssueAsync("CN=Once", CertificateKind.Person, KeyAlgorithm.EcdsaP256, OneYear, CancellationToken.None);
        await pki.Authority.RevokeAsync(issued.SerialNumber, X509RevocationReason.Superseded, CancellationToken.None);

        var repeated = await Assert.ThrowsAsync<CertificateAuthorityException>(
            () => pki.Authority.RevokeAsync(issued.SerialNumber, X509RevocationReason.Superseded, CancellationToken.None));
        var unknown = await Assert.ThrowsAsync<CertificateAuthorityException>(
            () => pki.Authority.RevokeAsync("0x01:02:03", X509RevocationReason.Superseded, CancellationToken.None));
        var notHex = await Assert.ThrowsAsync<CertificateAuthorityException>(
            () => pki.Authority.RevokeAsync("xyz", X509RevocationReason.Superseded, CancellationToken.None));

        Assert.Equal($"Certificate {issued.SerialNumber} is revoked already.", repeated.Message);
        Assert.Equal("No certificate with serial 010203 was issued or imported by this CA.", unknown.Message);
        Assert.Equal("'xyz' is not a hexadecimal certificate serial number.", notHex.Message);
    }

    [Fact]
    public async Task OpenSslVerify_IssuedAndRevoked_AcceptsValidAndRejectsRevokedWithCrlCheck()
    {
        if (!ExternalTool.Available("openssl", output, "apt-get install -y openssl"))
        {
            return;
        }

        using var pki = await TestPki.CreateAsync();
        var (root, issuing) = pki.WriteChainPem();
        var good = await pki.Authority.IssueAsync("CN=Good Seal, O=Org, C=CN", CertificateKind.Organisation, KeyAlgorithm.Rsa2048, OneYear, CancellationToken.None);
        var bad = await pki.Authority.IssueAsync("CN=Bad Seal, O=Org, C=CN", CertificateKind.Organisation, KeyAlgorithm.EcdsaP256, OneYear, CancellationToken.None);
        await pki.Authority.RevokeAsync(bad.SerialNumber, X509RevocationReason.KeyCompromise, CancellationToken.None);
        var crl = pki.Directory.File("issuing.crl");
        await File.WriteAllBytesAsync(crl, await pki.Authority.CreateCrlAsync(CancellationToken.None));
        await File.WriteAllTextAsync(pki.Directory.File("good.pem"), good.Certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(pki.Directory.File("bad.pem"), bad.Certificate.ExportCertificatePem());

        var plain = await ExternalTool.RunInAsync(pki.Directory.Path, "openssl", "verify", "-CAfile", root, "-untrusted", issuing, "good.pem");
        var goodChecked = await ExternalTool.RunInAsync(pki.Directory.Path, "openssl", "verify", "-crl_check", "-CRLfile", crl, "-CAfile", root, "-untrusted", issuing, "good.pem");
        var badPlain = await ExternalTool.RunInAsync(pki.Directory.Path, "openssl", "verify", "-CAfile", root, "-untrusted", issuing, "bad.pem");
        var badChecked = await ExternalTool.RunInAsync(pki.Directory.Path, "openssl", "verify", "-crl_check", "-CRLfile", crl, "-CAfile", root, "-untrusted", issuing, "bad.pem");
        var crlText = await ExternalTool.RunCheckedInAsync(pki.Directory.Path, "openssl", "crl", "-inform", "DER", "-in", crl, "-noout", "-text");
        var rootCrl = pki.Directory.File("root.crl");
        await File.WriteAllBytesAsync(rootCrl, await pki.Authority.CreateRootCrlAsync(CancellationToken.None));
        var goodCheckedAll = await ExternalTool.RunInAsync(
            pki.Directory.Path, "openssl", "verify", "-crl_check_all", "-CRLfile", crl, "-CRLfile", rootCrl, "-CAfile", root, "-untrusted", issuing, "good.pem");

        Assert.True(plain.ExitCode == 0, plain.Output);
        Assert.Contains("good.pem: OK", plain.Output);
        Assert.True(goodChecked.ExitCode == 0, goodChecked.Output);
        Assert.True(goodCheckedAll.ExitCode == 0, goodCheckedAll.Output);
        Assert.True(badPlain.ExitCode == 0, badPlain.Output);
        Assert.NotEqual(0, badChecked.ExitCode);
        Assert.Contains("certificate revoked", badChecked.Output);
        Assert.Contains($"Serial Number: {bad.SerialNumber}", crlText);
        Assert.Contains("Key Compromise", crlText);
    }

    [Theory]
    [InlineData(KeyAlgorithm.Rsa2048)]
    [InlineData(KeyAlgorithm.EcdsaP256)]
    public async Task ExportPkcs12Async_Issued_OpenSslReadsItWithPasswordAndWithoutLegacy(KeyAlgorithm algorithm)
    {
        if (!ExternalTool.Available("openssl", output, "apt-get install -y openssl"))
        {
            return;
        }

        using var pki = await TestPki.CreateAsync();
        var issued = await pki.Authority.IssueAsync("CN=Exported", CertificateKind.Person, algorithm, OneYear, CancellationToken.None);
        var p12 = pki.Directory.File("exported.p12");

        await File.WriteAllBytesAsync(p12, await pki.Authority.ExportPkcs12Async(issued.SerialNumber, "s3cret pw", CancellationToken.None));
        var info = await ExternalTool.RunInAsync(pki.Directory.Path, "openssl", "pkcs12", "-info", "-noout", "-in", p12, "-passin", "pass:s3cret pw");
        var wrong = await ExternalTool.RunInAsync(pki.Directory.Path, "openssl", "pkcs12", "-info", "-noout", "-in", p12, "-passin", "pass:wrong");

        Assert.True(info.ExitCode == 0, info.Output);
        Assert.Contains("PBES2, PBKDF2, AES-256-CBC", info.Output);
        Assert.Contains("MAC: sha256", info.Output);
        Assert.NotEqual(0, wrong.ExitCode);
        var loaded = X509CertificateLoader.LoadPkcs12Collection(await File.ReadAllBytesAsync(p12), "s3cret pw");
        Assert.Equal(3, loaded.Count);
        var withKey = loaded.Single(c => c.HasPrivateKey);
        Assert.True(withKey.RawData.AsSpan().SequenceEqual(issued.Certificate.RawData));
        var exportedKey = (AsymmetricAlgorithm?)withKey.GetRSAPrivateKey() ?? withKey.GetECDsaPrivateKey()!;
        Assert.Equal(await pki.Keys.ExportPkcs8Async(issued.SigningKeyId, CancellationToken.None), exportedKey.ExportPkcs8PrivateKey());
    }

    private static void AssertChainsToRoot(TestPki pki, X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(pki.Chain.Root);
        chain.ChainPolicy.ExtraStore.Add(pki.Chain.Issuing);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = pki.Time.GetUtcNow().UtcDateTime;

        var built = chain.Build(certificate);

        Assert.True(built, string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal(3, chain.ChainElements.Count);
    }

    /// <summary>A real store whose first hierarchy read comes before the other node's save, as in a start-up race.</summary>
    private sealed class ReadsEmptyOnce(ICertificateAuthorityStore store) : ICertificateAuthorityStore
    {
        private int _reads;

        public async Task<CaHierarchyRecord?> GetHierarchyAsync(CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _reads) == 1 ? null : await store.GetHierarchyAsync(cancellationToken);

        public Task<bool> TrySaveHierarchyAsync(CaHierarchyRecord hierarchy, CancellationToken cancellationToken) =>
            store.TrySaveHierarchyAsync(hierarchy, cancellationToken);

        public Task<bool> TryAddCertificateAsync(IssuedCertificateRecord certificate, CancellationToken cancellationToken) =>
            store.TryAddCertificateAsync(certificate, cancellationToken);

        public Task<IssuedCertificateRecord?> FindCertificateAsync(string serialNumber, CancellationToken cancellationToken) =>
            store.FindCertificateAsync(serialNumber, cancellationToken);

        public Task<bool> TryAddRevocationAsync(RevocationRecord revocation, CancellationToken cancellationToken) =>
            store.TryAddRevocationAsync(revocation, cancellationToken);

        public Task<IReadOnlyList<RevocationRecord>> ListRevocationsAsync(CancellationToken cancellationToken) =>
            store.ListRevocationsAsync(cancellationToken);

        public Task<long> NextCrlNumberAsync(CancellationToken cancellationToken) => store.NextCrlNumberAsync(cancellationToken);
    }
}
