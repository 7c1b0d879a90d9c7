using Hub.Activities.Archive;
using Hub.Activities.Documents.Activities;
using Hub.Activities.Documents.Records;
using Hub.Activities.Evidence;
using Hub.Server.Trust;
using Hub.Trust.Signing;
using Hub.Trust.Verification;

namespace Hub.Server.Documents;

/// <summary>
/// The node's <see cref="DocumentWork"/> for <see cref="DocumentEffects"/>: built on first use over the converter pool,
/// the workspace, the archive and the platform seal (whose certificate is issued then, not at start), then shared.
/// </summary>
internal sealed class HubDocumentWork(DocumentConverterService converter, HubDocumentWorkspace workspace, DocumentRegister register, Hub.Activities.Evidence.IEvidenceRecords records,
    DocumentArchive archive, HubTrust trust, TimeProvider time) : IDocumentWorkSource
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private DocumentWork? work;

    /// <summary>Builds the document work on first use: the platform seal certificate is issued then, not at start.</summary>
    public async ValueTask<DocumentWork> OpenAsync(CancellationToken cancellationToken)
    {
        var pool = await converter.PoolAsync(cancellationToken);
        if (work is not null)
        {
            return work;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (work is not null)
            {
                return work;
            }

            var chain = await trust.EnsureAuthorityAsync(cancellationToken);
            var platform = await trust.PlatformSealCertificateAsync(cancellationToken);
            var key = await trust.Keys.OpenSigningKeyAsync(platform.SigningKeyId, cancellationToken);
            // B-T: the report's time comes from the node's own TSA, so it is evidence of when the report was made.
            var timestamps = await trust.TimeStamperAsync(cancellationToken);
            var seal = new PdfSealRequest
            {
                Certificate = platform.Certificate, PrivateKey = key, Chain = [chain.Issuing, chain.Root], Level = PadesLevel.BaselineT,
            };
            var evidence = new EvidenceReportBuilder(new PdfSigner(timestamps, time), time: time);
            var verifier = new PdfSignatureVerifier(new PdfVerificationOptions { TrustAnchors = [chain.Root], Time = time });
            work = new DocumentWork(workspace, register, pool, archive, evidence, verifier, seal, records, time);
            return work;
        }
        finally
        {
            gate.Release();
        }
    }
}
