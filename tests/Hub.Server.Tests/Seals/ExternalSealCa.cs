using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hub.Server.Tests.Seals;

/// <summary>
/// A licensed CA that is not the Hub's: its own self-signed root, issuing seal certificates as PKCS#12 with the root
/// inside, with the key usage and validity a test asks for.
/// </summary>
internal sealed class ExternalSealCa : IDisposable
{
    public const string Password = "licensed-ca-pw";
    private readonly RSA _rootKey = RSA.Create(2048);

    public ExternalSealCa()
    {
        var request = new CertificateRequest("CN=Licensed Test CA, O=Licensed CA Co, C=CN", _rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Root = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-2), DateTimeOffset.UtcNow.AddYears(5));
    }

    public X509Certificate2 Root { get; }

    /// <summary>A seal certificate for <paramref name="organisation"/> with its key and the root, as PKCS#12.</summary>
    public byte[] SealPkcs12(string organisation, X509KeyUsageFlags usage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
        DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={organisation} 合同专用章, O={organisation}, C=CN", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, true, false));
        using var issued = request.Create(Root.SubjectName, X509SignatureGenerator.CreateForRSA(_rootKey, RSASignaturePadding.Pkcs1),
            notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddYears(1), Serial());
        using var withKey = issued.CopyWithPrivateKey(key);
        using var publicRoot = X509CertificateLoader.LoadCertificate(Root.RawData);
        return new X509Certificate2Collection(new[] { withKey, publicRoot }).ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, Password)!;
    }

    // A positive serial (RFC 5280 §4.1.2.2): the top bit clear, never zero.
    private static byte[] Serial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        return serial;
    }

    public void Dispose()
    {
        Root.Dispose();
        _rootKey.Dispose();
    }
}
