using System.Security.Cryptography;
using Hub.Trust.Keys;
using Hub.Trust.Pki;
using Hub.Trust.Tests.Pki;
using Hub.Trust.Timestamps;

namespace Hub.Trust.Tests.Timestamps;

/// <summary>A test CA with a TSA certificate issued by its issuing CA, and a <see cref="TimestampAuthority"/> on that certificate.</summary>
internal sealed class TestTsa : IDisposable
{
    private readonly AsymmetricAlgorithm _key;

    private TestTsa(TestPki pki, IssuedCertificate certificate, AsymmetricAlgorithm key, TimestampAuthority authority)
    {
        Pki = pki;
        Certificate = certificate;
        _key = key;
        Authority = authority;
    }

    public TestPki Pki { get; }

    public IssuedCertificate Certificate { get; }

    public TimestampAuthority Authority { get; }

    public static async Task<TestTsa> CreateAsync(KeyAlgorithm tsaKey = KeyAlgorithm.Rsa2048, TimestampAuthorityOptions? options = null)
    {
        var pki = await TestPki.CreateAsync();
        var issued = await pki.Authority.IssueAsync(
            "CN=Hub Test TSA, O=Hub Test Group, C=CN", CertificateKind.TimestampAuthority, tsaKey, TimeSpan.FromDays(365), CancellationToken.None);
        var key = await pki.Keys.OpenSigningKeyAsync(issued.SigningKeyId, CancellationToken.None);
        var authority = new TimestampAuthority(options ?? new TimestampAuthorityOptions(), issued.Certificate, key, issued.Chain, pki.Time);
        return new TestTsa(pki, issued, key, authority);
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
        _key.Dispose();
        Pki.Dispose();
    }
}
