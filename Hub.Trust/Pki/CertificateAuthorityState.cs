namespace Hub.Trust.Pki;

/// <summary>Everything a CA store holds, read at once: what moves a CA from one store to another.</summary>
/// <param name="Hierarchy">The CA certificates and key ids, or <see langword="null"/> before the CA is initialised.</param>
/// <param name="Certificates">Every issued or imported end-entity certificate.</param>
/// <param name="Revocations">Every revocation.</param>
/// <param name="CrlNumber">The last CRL number handed out; 0 when no CRL was made.</param>
public sealed record CertificateAuthorityState(
    CaHierarchyRecord? Hierarchy,
    IReadOnlyList<IssuedCertificateRecord> Certificates,
    IReadOnlyList<RevocationRecord> Revocations,
    long CrlNumber);
