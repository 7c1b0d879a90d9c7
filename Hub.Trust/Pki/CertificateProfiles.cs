using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hub.Trust.Pki;

/// <summary>The extensions of each certificate the CA issues (RFC 5280 §4.2).</summary>
internal static class CertificateProfiles
{
    /// <summary>id-kp-timeStamping (RFC 5280 §4.2.1.12).</summary>
    public const string TimeStampingEku = "1.3.6.1.5.5.7.3.8";

    /// <summary>id-kp-emailProtection (RFC 5280 §4.2.1.12).</summary>
    public const string EmailProtectionEku = "1.3.6.1.5.5.7.3.4";

    /// <summary>id-kp-documentSigning (RFC 9336 §3).</summary>
    public const string DocumentSigningEku = "1.3.6.1.5.5.7.3.36";

    private const X509KeyUsageFlags CaKeyUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign;
    private const X509KeyUsageFlags SigningKeyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation;

    /// <summary>Root: CA with pathLen 1 (one issuing CA below), keyCertSign + cRLSign, self-referencing key ids.</summary>
    public static void Root(CertificateRequest request)
    {
        var subjectKeyId = new X509SubjectKeyIdentifierExtension(request.PublicKey, false);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(CaKeyUsage, true));
        request.CertificateExtensions.Add(subjectKeyId);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(subjectKeyId));
    }

    /// <summary>Issuing CA: pathLen 0 (issues end entities only), keyCertSign + cRLSign, root CRL and AIA when configured.</summary>
    public static void Issuing(CertificateRequest request, X509Certificate2 root, CertificateAuthorityOptions options)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(CaKeyUsage, true));
        AddKeyIdentifiersAndLocations(request, root, options.RootCrlUrl, options.RootCertificateUrl);
    }

    /// <summary>
    /// End entity. Key usage digitalSignature + nonRepudiation, critical, for every kind. Extended key usage:
    /// <list type="bullet">
    /// <item>Organisation and person: id-kp-documentSigning (RFC 9336, says what the key is for) plus id-kp-emailProtection,
    /// because NSS, and so pdfsig, validates PDF signers for the "email signer" usage and refuses a certificate whose EKU
    /// lacks it; Adobe accepts either. Not critical, so relying parties that know neither still accept the certificate.</item>
    /// <item>Time-stamping authority: id-kp-timeStamping only, critical (RFC 3161 §2.3).</item>
    /// </list>
    /// </summary>
    public static void EndEntity(CertificateRequest request, CertificateKind kind, X509Certificate2 issuing, CertificateAuthorityOptions options)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(SigningKeyUsage, true));
        request.CertificateExtensions.Add(kind switch
        {
            CertificateKind.TimestampAuthority => new X509EnhancedKeyUsageExtension([new Oid(TimeStampingEku)], true),
            CertificateKind.Organisation or CertificateKind.Person =>
                new X509EnhancedKeyUsageExtension([new Oid(DocumentSigningEku), new Oid(EmailProtectionEku)], false),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown certificate kind."),
        });
        AddKeyIdentifiersAndLocations(request, issuing, options.CrlUrl, options.IssuingCertificateUrl);
    }

    private static void AddKeyIdentifiersAndLocations(CertificateRequest request, X509Certificate2 issuer, Uri? crlUrl, Uri? issuerUrl)
    {
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        if (crlUrl is not null)
        {
            request.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([crlUrl.AbsoluteUri]));
        }

        if (issuerUrl is not null)
        {
            request.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension(null, [issuerUrl.AbsoluteUri]));
        }
    }
}
