using System.Text.Json;
using Hub.Activities.Archive;
using Hub.Activities.Documents.Conversion;
using Hub.Activities.Documents.Templates;
using Hub.Activities.Evidence;
using Hub.Trust.Signing;
using Hub.Trust.Verification;
using Hub.Workflows.Activities;

namespace Hub.Activities.Documents.Activities;

/// <summary>
/// Does the work the document activities ask for through the outbox, and returns the payload that resumes them:
/// <c>{"succeeded": true, ...}</c>, or <c>{"succeeded": false, "error": "..."}</c> when the work was refused for a
/// reason the flow should handle (data that does not fit the template, an archive refusal, a conversion failure).
/// Malformed messages throw, as a broken invariant.
/// </summary>
public sealed class DocumentWork
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly IDocumentWorkspace workspace;
    private readonly DocumentConverterPool converter;
    private readonly DocumentArchive archive;
    private readonly EvidenceReportBuilder evidence;
    private readonly PdfSignatureVerifier verifier;
    private readonly PdfSealRequest platformSeal;
    private readonly TimeProvider time;

    /// <summary>Creates the handler over the host's services; <paramref name="platformSeal"/> seals evidence reports.</summary>
    public DocumentWork(IDocumentWorkspace workspace, DocumentConverterPool converter, DocumentArchive archive, EvidenceReportBuilder evidence,
        PdfSignatureVerifier verifier, PdfSealRequest platformSeal, TimeProvider? time = null)
    {
        this.time = time ?? TimeProvider.System;
        this.workspace = workspace;
        this.converter = converter;
        this.archive = archive;
        this.evidence = evidence;
        this.verifier = verifier;
        this.platformSeal = platformSeal;
    }

    /// <summary>Performs <paramref name="message"/> for an instance of organisation <paramref name="callerPath"/>.</summary>
    /// <exception cref="ArgumentException">The kind is not a document kind, or the payload lacks a field.</exception>
    public async Task<JsonElement> CompleteAsync(OutboundMessage message, string callerPath, CancellationToken cancellationToken)
    {
        try
        {
            object result = message.Kind switch
            {
                DocumentWorkKinds.Generate => await GenerateAsync(message.Payload, cancellationToken).ConfigureAwait(false),
                DocumentWorkKinds.Archive => await ArchiveAsync(message.Payload, callerPath, cancellationToken).ConfigureAwait(false),
                DocumentWorkKinds.EvidenceReport => await ReportAsync(message.Payload, cancellationToken).ConfigureAwait(false),
                _ => throw new ArgumentException($"'{message.Kind}' is not a document work kind.", nameof(message)),
            };
            return JsonSerializer.SerializeToElement(result, Json);
        }
        catch (Exception e) when (e is TemplateRenderException or DocumentRejectedException or DocumentConversionException
                                      or ArchiveAccessDeniedException or ArchiveIntegrityException or ArchiveKeyException
                                      or KeyNotFoundException or PdfSigningException or Hub.Trust.Pdf.PdfFormatException)
        {
            var error = e is TemplateRenderException render ? $"{render.Field}: {render.Message}" : e.Message;
            return JsonSerializer.SerializeToElement(new { succeeded = false, error }, Json);
        }
    }

    private async Task<object> GenerateAsync(JsonElement payload, CancellationToken cancellationToken)
    {
        var template = await workspace.GetTemplateAsync(Text(payload, "template"), cancellationToken).ConfigureAwait(false);
        var docx = template.Render(payload.GetProperty("data"));
        var pdf = await converter.ConvertToPdfAsync(docx, cancellationToken).ConfigureAwait(false);
        var id = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf));
        await workspace.PutAsync(id, pdf, cancellationToken).ConfigureAwait(false);
        return new { succeeded = true, documentId = id, size = pdf.Length, fileName = Text(payload, "fileName") };
    }

    private async Task<object> ArchiveAsync(JsonElement payload, string callerPath, CancellationToken cancellationToken)
    {
        var content = await workspace.GetAsync(Text(payload, "documentId"), cancellationToken).ConfigureAwait(false);
        var years = payload.GetProperty("retainYears").GetInt32();
        var stored = await archive.StoreAsync(content, new ArchiveStoreRequest
        {
            OwnerPath = payload.TryGetProperty("ownerPath", out var owner) && owner.GetString() is { Length: > 0 } path ? path : callerPath,
            CallerPath = callerPath,
            RetainUntil = years > 0 ? time.GetUtcNow().AddYears(years) : null,
        }, cancellationToken).ConfigureAwait(false);
        return new { succeeded = true, documentId = stored.DocumentId, segmentCount = stored.SegmentCount, retainUntil = stored.RetainUntil };
    }

    private async Task<object> ReportAsync(JsonElement payload, CancellationToken cancellationToken)
    {
        var document = await workspace.GetAsync(Text(payload, "documentId"), cancellationToken).ConfigureAwait(false);
        var verdicts = verifier.Verify(document);
        if (verdicts.Count == 0)
        {
            return new { succeeded = false, error = "The document carries no signature; an evidence report needs a sealed document." };
        }

        var facts = new EvidenceFacts
        {
            ReportNumber = Text(payload, "reportNumber"),
            DocumentTitle = Text(payload, "title"),
            DocumentFileName = Text(payload, "fileName"),
            Document = document,
            Parties = List<EvidenceParty>(payload, "parties"),
            Approvals = List<EvidenceApproval>(payload, "approvals"),
            SealUses = List<EvidenceSealUse>(payload, "sealUses"),
            Signatures = verdicts,
        };
        var report = await evidence.BuildAsync(facts, platformSeal, cancellationToken).ConfigureAwait(false);
        await workspace.PutAsync(report.Sha256, report.Pdf, cancellationToken).ConfigureAwait(false);
        return new
        {
            succeeded = true, reportId = report.Sha256, documentId = report.DocumentSha256,
            allSignaturesValid = verdicts.All(v => v.IsAcceptable),
        };
    }

    private static string Text(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new ArgumentException($"The document work payload has no text '{name}'.", nameof(payload));

    private static IReadOnlyList<T> List<T>(JsonElement payload, string name)
    {
        if (!payload.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        try
        {
            return value.Deserialize<List<T>>(Json) ?? [];
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The document work payload's '{name}' does not fit {typeof(T).Name}: {e.Message}", nameof(payload), e);
        }
    }
}
