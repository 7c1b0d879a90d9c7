using System.Text.Json;
using Hub.Activities.Archive;
using Hub.Activities.Documents.Activities;
using Hub.Activities.Evidence;
using Hub.Server.Trust;
using Hub.Server.Workflows;
using Hub.Trust.Signing;
using Hub.Trust.Timestamps;
using Hub.Trust.Verification;
using Hub.Workflows.Activities;

namespace Hub.Server.Documents;

/// <summary>
/// The outbox relay's branch for <c>documents.*</c> messages: runs <see cref="DocumentWork"/> for the instance's
/// organisation and answers like an HTTP call does — a payload that resumes the node, plus a transient error when
/// the work could not be done now (LibreOffice missing, disk or database trouble), which the relay retries with
/// backoff and turns into a Delivery incident when attempts run out. Refusals the flow handles (data that does not
/// fit, an archive refusal) are not transient: they resume the node on its Failed outcome.
/// </summary>
internal sealed class DocumentDispatch(WorkflowEngine engine, DocumentConverterService converter, HubDocumentWorkspace workspace,
    DocumentArchive archive, HubTrust trust, TimeProvider time)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private DocumentWork? work;

    /// <summary>Whether the relay hands a message of <paramref name="kind"/> here instead of calling HTTP.</summary>
    public static bool Handles(string kind) => kind.StartsWith("documents.", StringComparison.Ordinal);

    /// <summary>Does the work of outbox message <paramref name="idempotencyKey"/>; the caller path is the path of the
    /// organisation that owns the instance.</summary>
    public async Task<(JsonElement Response, string? TransientError)> CompleteAsync(string idempotencyKey, string kind, string payload,
        CancellationToken cancellationToken)
    {
        string? callerPath = null;
        var nodeId = "";
        await using (var tx = await engine.BeginAsync(cancellationToken))
        await using (var read = tx.Command("""
            SELECT o.path, m.node_id FROM hub.workflow_outbox m
            JOIN hub.workflow_instances i ON i.id = m.instance_id JOIN hub.organisations o ON o.id = i.organisation_id
            WHERE m.idempotency_key = $1
            """, idempotencyKey))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                (callerPath, nodeId) = (reader.GetString(0), reader.GetString(1));
            }
        }

        if (callerPath is null)
        {
            // The instance was deleted since the claim; there is nobody left to resume.
            return (JsonSerializer.SerializeToElement(new { succeeded = false, error = "The instance no longer exists." }), null);
        }

        using var document = JsonDocument.Parse(payload);
        return await CompleteForAsync(new OutboundMessage(idempotencyKey, nodeId, kind, document.RootElement.Clone()), callerPath, cancellationToken);
    }

    /// <summary>Does the work of <paramref name="message"/> for an instance of organisation <paramref name="callerPath"/>.</summary>
    public async Task<(JsonElement Response, string? TransientError)> CompleteForAsync(OutboundMessage message, string callerPath,
        CancellationToken cancellationToken)
    {
        try
        {
            var documents = await WorkAsync(cancellationToken);
            return (await documents.CompleteAsync(message, callerPath, cancellationToken), null);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Not a refusal DocumentWork answers itself: retrying may help (LibreOffice installed, disk freed), and
            // if it does not, the incident carries this message.
            return (JsonSerializer.SerializeToElement(new { succeeded = false, error = e.Message }), e.Message);
        }
    }

    /// <summary>Builds the document work on first use: the platform seal certificate is issued then, not at start.</summary>
    private async Task<DocumentWork> WorkAsync(CancellationToken cancellationToken)
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
            var evidence = new EvidenceReportBuilder(await workspace.GetTemplateAsync("evidence-report", cancellationToken), pool,
                new PdfSigner(timestamps, time), time: time);
            var verifier = new PdfSignatureVerifier(new PdfVerificationOptions { TrustAnchors = [chain.Root], Time = time });
            work = new DocumentWork(workspace, pool, archive, evidence, verifier, seal, time);
            return work;
        }
        finally
        {
            gate.Release();
        }
    }
}
