using System.Security.Cryptography.X509Certificates;

namespace Hub.Trust.Pki;

/// <summary>A revoked certificate as it appears in the CRL (RFC 5280 §5.1.2.6, §5.3.1).</summary>
public sealed record RevocationRecord(string SerialNumber, X509RevocationReason Reason, DateTimeOffset RevokedAt);
