namespace Hub.Activities.Evidence;

/// <summary>One seal use (用印) recorded by the Hub: which seal, under which certificate, when, with which timestamp.</summary>
/// <param name="Seal">The seal's name, e.g. 合同专用章.</param>
/// <param name="CertificateSubject">The seal certificate's subject (its common name is shown).</param>
/// <param name="CertificateSerial">The certificate's serial number (hex).</param>
/// <param name="SealedAt">When the seal was applied.</param>
/// <param name="TimestampAt">The RFC 3161 timestamp's time, or null for a B-B signature without one.</param>
public sealed record EvidenceSealUse(string Seal, string CertificateSubject, string CertificateSerial, DateTimeOffset SealedAt, DateTimeOffset? TimestampAt);
