namespace Hub.Trust.Pki;

/// <summary>The persisted CA hierarchy: both CA certificates (DER) and the ids of their keys in the key store.</summary>
public sealed record CaHierarchyRecord(byte[] RootCertificate, string RootKeyId, byte[] IssuingCertificate, string IssuingKeyId);
