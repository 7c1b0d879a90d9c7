using Hub.Server.Trust;
using Hub.Trust.Pki;
using Npgsql;

namespace Hub.Server.Evidence;

/// <summary>
/// Verifies the evidence chain of a database: reads its CA (the trust anchor for the anchors' tokens) and the chain with
/// its anchors as one snapshot, and hands them to <see cref="EvidenceChainVerifier"/>. Needs no master key, so
/// <c>./hub evidence verify --connection</c> can run where only the database is reachable.
/// </summary>
internal sealed class EvidenceVerification(NpgsqlDataSource db)
{
    public async Task<EvidenceChainReport> VerifyAsync(CancellationToken cancellationToken)
    {
        var hierarchy = await new DatabaseCertificateAuthorityStore(db).GetHierarchyAsync(cancellationToken);
        var authority = hierarchy is null ? null : new CertificateAuthorityChain(
            System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(hierarchy.RootCertificate),
            System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(hierarchy.IssuingCertificate));
        await using var snapshot = await EvidenceChainSnapshot.OpenAsync(db, cancellationToken);
        return await EvidenceChainVerifier.VerifyAsync(snapshot.EntriesAsync(cancellationToken), snapshot.AnchorsAsync(cancellationToken),
            new AnchorTokenCheck(authority).Problem, cancellationToken);
    }
}
