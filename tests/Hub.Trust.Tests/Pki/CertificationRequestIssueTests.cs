using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hub.Trust.Pki;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Pki;

/// <summary>Certificates for keys the Hub never holds (a UKey): issued from a PKCS#10 request that proves possession.</summary>
public sealed class CertificationRequestIssueTests(ITestOutputHelper output)
{
    private const string Subject = "CN=Hub person P-1234, SERIALNUMBER=P-1234, C=CN";
    private static readonly TimeSpan OneYear = TimeSpan.FromDays(365);

    [Fact]
    public async Task IssueForRequestAsync_EcdsaRequest_CertifiesItsKeyUnderTheHubsSubject()
    {
        using var pki = await TestPki.CreateAsync();
        using var device = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=whatever the device says, O=Evil Corp", device, HashAlgorithmName.SHA256).CreateSigningRequest();

        var issued = await pki.Authority.IssueForRequestAsync(Subject, CertificateKind.Person, request, OneYear, CancellationToken.None);

        Assert.Null(issued.KeyId);
        Assert.Equal(Subject, issued.Certificate.Subject);
        Assert.Equal(device.ExportSubjectPublicKeyInfo(), issued.Certificate.PublicKey.ExportSubjectPublicKeyInfo());
        var data = "challenge"u8.ToArray();
        using var verifier = issued.Certificate.GetECDsaPublicKey()!;
        Assert.True(verifier.VerifyData(data, device.SignData(data, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256));
        var recorded = await pki.Authority.GetCertificateAsync(issued.SerialNumber, CancellationToken.None);
        Assert.Null(recorded.KeyId);
        var error = Assert.Throws<CertificateAuthorityException>(() => recorded.SigningKeyId);
        Assert.Equal($"The key of certificate {issued.SerialNumber} is held outside the Hub.", error.Message);
    }

    [Fact]
    public async Task IssueForRequestAsync_RsaRequest_IsIssuedAndRevocable()
    {
        using var pki = await TestPki.CreateAsync();
        using var device = RSA.Create(2048);
        var request = new CertificateRequest("CN=device", device, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequest();

        var issued = await pki.Authority.IssueForRequestAsync(Subject, CertificateKind.Person, request, OneYear, CancellationToken.None);
        await pki.Authority.RevokeAsync(issued.SerialNumber, X509RevocationReason.KeyCompromise, CancellationToken.None);

        Assert.Equal(2048, issued.Certificate.GetRSAPublicKey()!.KeySize);
        var export = await Assert.ThrowsAsync<CertificateAuthorityException>(() =>
            pki.Authority.ExportPkcs12Async(issued.SerialNumber, "secret", CancellationToken.None));
        Assert.Equal($"The key of certificate {issued.SerialNumber} is held outside the Hub.", export.Message);
    }

    [Fact]
    public async Task IssueForRequestAsync_OpenSslRequest_OpenSslVerifiesTheCertificate()
    {
        if (!ExternalTool.Available("openssl", output, "apt-get install -y openssl"))
        {
            return;
        }

        using var pki = await TestPki.CreateAsync();
        var dir = pki.Directory.Path;
        await ExternalTool.RunCheckedInAsync(dir, "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", "device.key", "-subj", "/CN=ukey", "-outform", "DER", "-out", "device.csr");

        var issued = await pki.Authority.IssueForRequestAsync(Subject, CertificateKind.Person,
            await File.ReadAllBytesAsync(Path.Combine(dir, "device.csr")), OneYear, CancellationToken.None);

        await File.WriteAllTextAsync(Path.Combine(dir, "leaf.pem"), issued.Certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(dir, "root.pem"), pki.Chain.Root.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(dir, "issuing.pem"), pki.Chain.Issuing.ExportCertificatePem());
        var verified = await ExternalTool.RunCheckedInAsync(dir, "openssl", "verify", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "leaf.pem");
        Assert.Contains("leaf.pem: OK", verified, StringComparison.Ordinal);
        // The certificate names the key openssl generated: its public key matches the private key file.
        var fromKey = await ExternalTool.RunCheckedInAsync(dir, "openssl", "pkey", "-in", "device.key", "-pubout");
        var fromCertificate = await ExternalTool.RunCheckedInAsync(dir, "openssl", "x509", "-in", "leaf.pem", "-noout", "-pubkey");
        Assert.Equal(fromKey, fromCertificate);
    }

    [Fact]
    public async Task IssueForRequestAsync_TamperedSignature_IsRefusedAndNothingRecorded()
    {
        using var pki = await TestPki.CreateAsync();
        using var device = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=device", device, HashAlgorithmName.SHA256).CreateSigningRequest();
        // The request's subject sits early in CertificationRequestInfo; changing one of its letters breaks the signature.
        var at = IndexOf(request, "device"u8);
        request[at] ^= 0x20;

        var error = await Assert.ThrowsAsync<CertificateAuthorityException>(() =>
            pki.Authority.IssueForRequestAsync(Subject, CertificateKind.Person, request, OneYear, CancellationToken.None));

        Assert.StartsWith("The certification request is not a PKCS#10 request whose signature verifies:", error.Message, StringComparison.Ordinal);
        Assert.Empty((await new FileCertificateAuthorityStore(pki.Directory.File("ca")).ReadStateAsync(CancellationToken.None)).Certificates);
    }

    [Fact]
    public async Task IssueForRequestAsync_WeakRsaKey_IsRefused()
    {
        using var pki = await TestPki.CreateAsync();
        using var device = RSA.Create(1024);
        var request = new CertificateRequest("CN=device", device, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequest();

        var error = await Assert.ThrowsAsync<CertificateAuthorityException>(() =>
            pki.Authority.IssueForRequestAsync(Subject, CertificateKind.Person, request, OneYear, CancellationToken.None));

        Assert.Equal("The request's RSA key has 1024 bits; at least 2048 are required.", error.Message);
    }

    [Fact]
    public async Task IssueForRequestAsync_UnsupportedCurve_IsRefused()
    {
        using var pki = await TestPki.CreateAsync();
        using var device = ECDsa.Create(ECCurve.NamedCurves.nistP521);
        var request = new CertificateRequest("CN=device", device, HashAlgorithmName.SHA512).CreateSigningRequest();

        var error = await Assert.ThrowsAsync<CertificateAuthorityException>(() =>
            pki.Authority.IssueForRequestAsync(Subject, CertificateKind.Person, request, OneYear, CancellationToken.None));

        Assert.Equal("The request's EC key is on curve 1.3.132.0.35; P-256 or P-384 is required.", error.Message);
    }

    [Theory]
    [InlineData(0, "A certification request is 1 to 16384 bytes of DER; this one is 0.")]
    [InlineData(20000, "A certification request is 1 to 16384 bytes of DER; this one is 20000.")]
    public async Task IssueForRequestAsync_EmptyOrHuge_IsRefusedBeforeParsing(int length, string message)
    {
        using var pki = await TestPki.CreateAsync();
        var error = await Assert.ThrowsAsync<CertificateAuthorityException>(() =>
            pki.Authority.IssueForRequestAsync(Subject, CertificateKind.Person, new byte[length], OneYear, CancellationToken.None));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task IssueForRequestAsync_GarbageTruncationsAndTrailingBytes_AreRefusedWithClearErrors()
    {
        using var pki = await TestPki.CreateAsync();
        using var device = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=device", device, HashAlgorithmName.SHA256).CreateSigningRequest();
        var random = new Random(5);
        List<byte[]> hostile = ["-----BEGIN CERTIFICATE REQUEST-----"u8.ToArray(), [0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF], [.. request, 0x00]];
        hostile.AddRange(Enumerable.Range(1, 20).Select(i => request[..(request.Length * i / 21)]));
        hostile.AddRange(Enumerable.Range(0, 2000).Select(_ =>
        {
            var mutant = request.ToArray();
            mutant[random.Next(mutant.Length)] = (byte)random.Next(256);
            return mutant;
        }).Where(m => !m.AsSpan().SequenceEqual(request)));

        foreach (var input in hostile)
        {
            var error = await Assert.ThrowsAsync<CertificateAuthorityException>(() =>
                pki.Authority.IssueForRequestAsync(Subject, CertificateKind.Person, input, OneYear, CancellationToken.None));
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
        }

        Assert.Empty((await new FileCertificateAuthorityStore(pki.Directory.File("ca")).ReadStateAsync(CancellationToken.None)).Certificates);
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);
}
