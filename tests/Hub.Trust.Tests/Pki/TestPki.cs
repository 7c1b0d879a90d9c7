using System.Security.Cryptography;
using Hub.Trust.Keys;
using Hub.Trust.Pki;

namespace Hub.Trust.Tests.Pki;

/// <summary>A CA in a fresh directory with a manual clock: the declarative test PKI of these tests.</summary>
internal sealed class TestPki : IDisposable
{
    private TestPki(TestDirectory directory, SoftwareKeyStore keys, CertificateAuthority authority, ManualTime time)
    {
        Directory = directory;
        Keys = keys;
        Authority = authority;
        Time = time;
    }

    public TestDirectory Directory { get; }

    public SoftwareKeyStore Keys { get; }

    public CertificateAuthority Authority { get; }

    public ManualTime Time { get; }

    public CertificateAuthorityChain Chain { get; private set; } = null!;

    public static async Task<TestPki> CreateAsync(KeyAlgorithm caKeys = KeyAlgorithm.EcdsaP256)
    {
        var directory = new TestDirectory();
        var keys = new SoftwareKeyStore(new SoftwareKeyStoreOptions
        {
            Directory = directory.File("keys"),
            MasterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });
        var time = ManualTime.StartingNow();
        var options = new CertificateAuthorityOptions
        {
            RootSubject = "CN=Test Root CA, O=Hub Test Group, C=CN",
            IssuingSubject = "CN=Test Issuing CA, O=Hub Test Group, C=CN",
            CaKeyAlgorithm = caKeys,
            CrlUrl = new Uri("http://pki.hub.test/issuing.crl"),
            RootCrlUrl = new Uri("http://pki.hub.test/root.crl"),
            IssuingCertificateUrl = new Uri("http://pki.hub.test/issuing.cer"),
            RootCertificateUrl = new Uri("http://pki.hub.test/root.cer"),
        };
        var authority = new CertificateAuthority(keys, new FileCertificateAuthorityStore(directory.File("ca")), options, time);
        var pki = new TestPki(directory, keys, authority, time);
        pki.Chain = await authority.InitAsync(CancellationToken.None);
        return pki;
    }

    /// <summary>Writes root and issuing CA certificates as PEM files; returns (root, issuing) paths.</summary>
    public (string Root, string Issuing) WriteChainPem()
    {
        var root = Directory.File("root.pem");
        var issuing = Directory.File("issuing.pem");
        File.WriteAllText(root, Chain.Root.ExportCertificatePem());
        File.WriteAllText(issuing, Chain.Issuing.ExportCertificatePem());
        return (root, issuing);
    }

    public void Dispose() => Directory.Dispose();
}
