using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hub.Trust.Timestamps;

namespace Hub.Testing;

/// <summary>
/// A self-signed root CA (RSA-2048) made with <see cref="CertificateRequest"/>, for tests and benchmarks that need seal
/// certificates and a TSA but do not test Hub.Trust's own CA. Certificates it issues are valid from an hour ago for ten days.
/// </summary>
public sealed class TestRootCa : IDisposable
{
    private readonly RSA _key = RSA.Create(2048);

    public TestRootCa(string subject = "CN=Hub Test CA, O=Hub Test, C=CN")
    {
        var request = new CertificateRequest(subject, _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>The CA certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificate alone, as PEM: a trust anchor for verifiers.</summary>
    public string Pem => Certificate.ExportCertificatePem();

    /// <summary>A new seal certificate (RSA-2048, digitalSignature + nonRepudiation) with its private key.</summary>
    public X509Certificate2 IssueSeal(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        using var issued = Issue(request);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>
    /// A TSA (Hub.Trust's <see cref="TimestampAuthority"/>) on a new RSA-2048 certificate this CA issues with the critical
    /// timeStamping EKU that RFC 3161 §2.3 requires.
    /// </summary>
    public TestTsa IssueTsa(string subject = "CN=Hub Test TSA, O=Hub Test, C=CN", TimeProvider? time = null, TimestampAuthorityOptions? options = null)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.8")], critical: true));
        return new TestTsa(Issue(request), key, [], time ?? TimeProvider.System, options);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }

    private X509Certificate2 Issue(CertificateRequest request) =>
        request.Create(Certificate, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(10), RandomNumberGenerator.GetBytes(8));
}
