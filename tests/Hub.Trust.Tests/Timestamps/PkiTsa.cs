using Hub.Trust.Keys;
using Hub.Trust.Pki;
using Hub.Trust.Tests.Pki;
using Hub.Trust.Timestamps;

namespace Hub.Trust.Tests.Timestamps;

/// <summary>
/// A <see cref="TestTsa"/> whose certificate Hub.Trust's own CA issued (a <see cref="TestPki"/>, root and issuing CA), so
/// these tests also prove the CA's TSA profile: openssl and the client verify tokens up to that root.
/// </summary>
internal sealed class PkiTsa : IDisposable
{
    private readonly TestTsa _tsa;

    private PkiTsa(TestPki pki, IssuedCertificate certificate, TestTsa tsa)
    {
        Pki = pki;
        Certificate = certificate;
        _tsa = tsa;
    }

    public TestPki Pki { get; }

    public IssuedCertificate Certificate { get; }

    public TimestampAuthority Authority => _tsa.Authority;

    /// <summary>Time-stamps in process (SHA-256 imprints).</summary>
    public ITimeStamper Stamper => _tsa.Stamper;

    public static async Task<PkiTsa> CreateAsync(KeyAlgorithm tsaKey = KeyAlgorithm.Rsa2048, TimestampAuthorityOptions? options = null)
    {
        var pki = await TestPki.CreateAsync();
        var issued = await pki.Authority.IssueAsync(
            "CN=Hub Test TSA, O=Hub Test Group, C=CN", CertificateKind.TimestampAuthority, tsaKey, TimeSpan.FromDays(365), CancellationToken.None);
        var key = await pki.Keys.OpenSigningKeyAsync(issued.SigningKeyId, CancellationToken.None);
        return new PkiTsa(pki, issued, new TestTsa(issued.Certificate, key, issued.Chain, pki.Time, options));
    }

    /// <summary>Root and issuing CA in one PEM file, the trust input of <c>openssl ts -verify -CAfile</c>.</summary>
    public string WriteChainPem()
    {
        var path = Pki.Directory.File("chain.pem");
        File.WriteAllText(path, Pki.Chain.Root.ExportCertificatePem() + "\n" + Pki.Chain.Issuing.ExportCertificatePem() + "\n");
        return path;
    }

    public void Dispose()
    {
        _tsa.Dispose();
        Pki.Dispose();
    }
}
