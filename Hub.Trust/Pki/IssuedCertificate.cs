using System.Security.Cryptography.X509Certificates;

namespace Hub.Trust.Pki;

/// <summary>An end-entity certificate with its issuer chain; the Hub holds its key unless it was issued from a certification request.</summary>
/// <param name="SerialNumber">Upper-case hexadecimal serial number.</param>
/// <param name="Kind">What the certificate is for.</param>
/// <param name="Certificate">The certificate (public part only).</param>
/// <param name="KeyId">The id of its private key in the key store (sign through <see cref="Keys.IKeyStore"/> with it), or <see langword="null"/> when the key is held outside the Hub, e.g. on a UKey.</param>
/// <param name="Chain">Issuer certificates from the issuer up to the root.</param>
/// <param name="IsExternal">True when an external CA issued it.</param>
public sealed record IssuedCertificate(
    string SerialNumber,
    CertificateKind Kind,
    X509Certificate2 Certificate,
    string? KeyId,
    IReadOnlyList<X509Certificate2> Chain,
    bool IsExternal)
{
    /// <summary>The key id to sign with.</summary>
    /// <exception cref="CertificateAuthorityException">The key is held outside the Hub.</exception>
    public string SigningKeyId => KeyId ?? throw new CertificateAuthorityException($"The key of certificate {SerialNumber} is held outside the Hub.");
}
