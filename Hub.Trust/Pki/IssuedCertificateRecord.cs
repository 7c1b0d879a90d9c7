namespace Hub.Trust.Pki;

/// <summary>A persisted end-entity certificate: issued by the Hub's CA, or imported from an external CA.</summary>
/// <param name="SerialNumber">Upper-case hexadecimal serial, as <see cref="System.Security.Cryptography.X509Certificates.X509Certificate.GetSerialNumberString()"/> prints it.</param>
/// <param name="Kind">What the certificate is for.</param>
/// <param name="Subject">The subject distinguished name, for listings.</param>
/// <param name="Certificate">The certificate, DER.</param>
/// <param name="KeyId">The id of its private key in the key store; <see langword="null"/> when the key is held outside the Hub (issued from a certification request).</param>
/// <param name="RecordedAt">When the Hub issued or imported it.</param>
/// <param name="IsExternal">True when an external CA issued it; the Hub cannot revoke those.</param>
/// <param name="Chain">Issuer certificates, DER, from the issuer up to the root.</param>
public sealed record IssuedCertificateRecord(
    string SerialNumber,
    CertificateKind Kind,
    string Subject,
    byte[] Certificate,
    string? KeyId,
    DateTimeOffset RecordedAt,
    bool IsExternal,
    IReadOnlyList<byte[]> Chain);
