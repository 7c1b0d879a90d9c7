namespace Hub.Trust.Pki;

/// <summary>The persisted CA hierarchy: both CA certificates (DER) and the ids of their keys in the key store.</summary>
/// <param name="RootCertificate">The self-signed root CA certificate, DER: the trust anchor.</param>
/// <param name="RootKeyId">The id of the root's private key in the key store; the CA signs only the issuing CA and root CRLs with it.</param>
/// <param name="IssuingCertificate">The issuing CA certificate, DER, signed by the root.</param>
/// <param name="IssuingKeyId">The id of the issuing CA's private key in the key store; it signs end-entity certificates and CRLs.</param>
public sealed record CaHierarchyRecord(byte[] RootCertificate, string RootKeyId, byte[] IssuingCertificate, string IssuingKeyId);
