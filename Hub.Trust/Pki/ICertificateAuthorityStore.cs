namespace Hub.Trust.Pki;

/// <summary>
/// Where the CA keeps its state: the hierarchy, issued certificates, revocations and the CRL number. Every operation
/// must be atomic on its own; several Hub nodes may share one store (a PostgreSQL implementation lives in Hub.Server).
/// </summary>
public interface ICertificateAuthorityStore
{
    /// <summary>Returns the hierarchy, or <see langword="null"/> before the CA is initialised.</summary>
    Task<CaHierarchyRecord?> GetHierarchyAsync(CancellationToken cancellationToken);

    /// <summary>Saves the hierarchy once; returns false, changing nothing, when one is saved already.</summary>
    Task<bool> TrySaveHierarchyAsync(CaHierarchyRecord hierarchy, CancellationToken cancellationToken);

    /// <summary>Records a certificate; returns false, changing nothing, when its serial number is recorded already.</summary>
    Task<bool> TryAddCertificateAsync(IssuedCertificateRecord certificate, CancellationToken cancellationToken);

    /// <summary>Finds a certificate by its upper-case hexadecimal serial number.</summary>
    Task<IssuedCertificateRecord?> FindCertificateAsync(string serialNumber, CancellationToken cancellationToken);

    /// <summary>Records a revocation; returns false, changing nothing, when the serial number is revoked already.</summary>
    Task<bool> TryAddRevocationAsync(RevocationRecord revocation, CancellationToken cancellationToken);

    /// <summary>Lists every revocation, for the next CRL.</summary>
    Task<IReadOnlyList<RevocationRecord>> ListRevocationsAsync(CancellationToken cancellationToken);

    /// <summary>Returns a CRL number greater than every number returned before (RFC 5280 §5.2.3: monotonically increasing).</summary>
    Task<long> NextCrlNumberAsync(CancellationToken cancellationToken);
}
