using System.Security.Cryptography.X509Certificates;

namespace Hub.Trust.Pki;

/// <summary>A revoked certificate as it appears in the CRL (RFC 5280 §5.1.2.6, §5.3.1).</summary>
/// <param name="SerialNumber">The revoked certificate's upper-case hexadecimal serial number.</param>
/// <param name="Reason">The CRL reason code (RFC 5280 §5.3.1).</param>
/// <param name="RevokedAt">When the certificate stopped being valid (the CRL entry's revocationDate).</param>
public sealed record RevocationRecord(string SerialNumber, X509RevocationReason Reason, DateTimeOffset RevokedAt);
