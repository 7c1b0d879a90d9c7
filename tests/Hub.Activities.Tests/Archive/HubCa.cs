using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hub.Trust.Keys;
using Hub.Trust.Pki;

namespace Hub.Activities.Tests.Archive;

/// <summary>The Hub's own CA in a temporary directory (RSA-2048 to keep key generation short), issuing certificates
/// with their private keys through its PKCS#12 export, as a participant would receive them.</summary>
internal sealed class HubCa : IDisposable
{
    private const string Password = "test-pkcs12";

    private HubCa(string directory, CertificateAuthority authority, CertificateAuthorityChain chain)
    {
        Directory = directory;
        Authority = authority;
        Chain = chain;
    }

    public string Directory { get; }

    public CertificateAuthority Authority { get; }

    public CertificateAuthorityChain Chain { get; }

    public static async Task<HubCa> CreateAsync()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("hub-ca-").FullName;
        var keys = new SoftwareKeyStore(new SoftwareKeyStoreOptions
        {
            Directory = Path.Combine(directory, "keys"),
            MasterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });
        var authority = new CertificateAuthority(keys, new FileCertificateAuthorityStore(Path.Combine(directory, "ca")), new CertificateAuthorityOptions
        {
            RootSubject = "CN=Hub Test Root CA, O=Hub Test Group, C=CN",
            IssuingSubject = "CN=Hub Test Issuing CA, O=Hub Test Group, C=CN",
            CaKeyAlgorithm = KeyAlgorithm.Rsa2048,
        }, TimeProvider.System);
        var chain = await authority.InitAsync(CancellationToken.None);
        return new HubCa(directory, authority, chain);
    }

    /// <summary>Issues a certificate and returns it with its private key (from the CA's PKCS#12 export).</summary>
    public async Task<X509Certificate2> IssueAsync(string subject, CertificateKind kind, KeyAlgorithm algorithm = KeyAlgorithm.Rsa2048)
    {
        var issued = await Authority.IssueAsync(subject, kind, algorithm, TimeSpan.FromDays(365), CancellationToken.None);
        var pkcs12 = await Authority.ExportPkcs12Async(issued.SerialNumber, Password, CancellationToken.None);
        return X509CertificateLoader.LoadPkcs12(pkcs12, Password, X509KeyStorageFlags.Exportable);
    }

    /// <summary>Writes the certificate and its private key as PEM files for openssl; returns their paths.</summary>
    public (string Certificate, string Key) WritePem(X509Certificate2 certificate, string name)
    {
        var certificatePath = Path.Combine(Directory, name + ".crt.pem");
        var keyPath = Path.Combine(Directory, name + ".key.pem");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        using var key = certificate.GetRSAPrivateKey()!;
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
