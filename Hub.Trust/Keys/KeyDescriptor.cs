using System.Security.Cryptography.X509Certificates;

namespace Hub.Trust.Keys;

/// <summary>The public face of a key held by an <see cref="IKeyStore"/>: enough to put it in a certificate, never the private part.</summary>
/// <param name="KeyId">The store's identifier of the key.</param>
/// <param name="Algorithm">The key type.</param>
/// <param name="SubjectPublicKeyInfo">The DER-encoded SubjectPublicKeyInfo (RFC 5280 §4.1.2.7).</param>
public sealed record KeyDescriptor(string KeyId, KeyAlgorithm Algorithm, ReadOnlyMemory<byte> SubjectPublicKeyInfo)
{
    /// <summary>Decodes <see cref="SubjectPublicKeyInfo"/> for use with <see cref="CertificateRequest"/>.</summary>
    internal PublicKey GetPublicKey() => PublicKey.CreateFromSubjectPublicKeyInfo(SubjectPublicKeyInfo.Span, out _);
}
