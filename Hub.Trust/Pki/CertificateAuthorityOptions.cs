using System.Security.Cryptography;
using Hub.Trust.Keys;

namespace Hub.Trust.Pki;

/// <summary>Configuration section <c>CertificateAuthority</c>: names, key types, lifetimes and published URLs of the Hub's CA.</summary>
public sealed class CertificateAuthorityOptions
{
    /// <summary>Distinguished name of the root CA (RFC 4514 string, e.g. "CN=Hub Root CA, O=Example Group, C=CN"). Default "CN=Hub Root CA".</summary>
    public string RootSubject { get; set; } = "CN=Hub Root CA";

    /// <summary>Distinguished name of the issuing CA. Default "CN=Hub Issuing CA".</summary>
    public string IssuingSubject { get; set; } = "CN=Hub Issuing CA";

    /// <summary>Key type of both CA keys. Default RSA-3072.</summary>
    public KeyAlgorithm CaKeyAlgorithm { get; set; } = KeyAlgorithm.Rsa3072;

    /// <summary>Lifetime of the root certificate. Default 20 years (7,305 days).</summary>
    public TimeSpan RootValidity { get; set; } = TimeSpan.FromDays(7305);

    /// <summary>Lifetime of the issuing CA certificate; must end before the root's. Default 10 years (3,652 days).</summary>
    public TimeSpan IssuingValidity { get; set; } = TimeSpan.FromDays(3652);

    /// <summary>Time from a CRL's thisUpdate to its nextUpdate (RFC 5280 §5.1.2.5). Default 7 days.</summary>
    public TimeSpan CrlValidity { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Hash of every certificate and CRL signature. Default SHA-256.</summary>
    public HashAlgorithmName SignatureHash { get; set; } = HashAlgorithmName.SHA256;

    /// <summary>Where the issuing CA's CRL is published; written as the CRL distribution point of end-entity certificates. Unset: no extension.</summary>
    public Uri? CrlUrl { get; set; }

    /// <summary>Where the root's CRL is published; written as the CRL distribution point of the issuing CA certificate. Unset: no extension.</summary>
    public Uri? RootCrlUrl { get; set; }

    /// <summary>Where the issuing CA certificate can be fetched; written as AIA caIssuers of end-entity certificates. Unset: no extension.</summary>
    public Uri? IssuingCertificateUrl { get; set; }

    /// <summary>Where the root certificate can be fetched; written as AIA caIssuers of the issuing CA certificate. Unset: no extension.</summary>
    public Uri? RootCertificateUrl { get; set; }

    /// <summary>Checks lifetimes and hash; subjects are checked when the CA is created.</summary>
    /// <exception cref="CertificateAuthorityException">A setting is out of range.</exception>
    public void Validate()
    {
        if (RootValidity <= IssuingValidity)
        {
            throw new CertificateAuthorityException(
                $"CertificateAuthority:RootValidity ({RootValidity.TotalDays} days) must exceed IssuingValidity ({IssuingValidity.TotalDays} days).");
        }

        if (IssuingValidity <= TimeSpan.Zero || CrlValidity <= TimeSpan.Zero)
        {
            throw new CertificateAuthorityException("CertificateAuthority:IssuingValidity and CrlValidity must be positive.");
        }

        if (SignatureHash != HashAlgorithmName.SHA256 && SignatureHash != HashAlgorithmName.SHA384 && SignatureHash != HashAlgorithmName.SHA512)
        {
            throw new CertificateAuthorityException($"CertificateAuthority:SignatureHash {SignatureHash.Name} is not allowed; use SHA256, SHA384 or SHA512.");
        }
    }
}
