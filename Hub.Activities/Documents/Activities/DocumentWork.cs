using System.Text.Json;
using Hub.Activities.Archive;
using Hub.Activities.Documents.Conversion;
using Hub.Activities.Documents.Records;
using Hub.Activities.Documents.Templates;
using Hub.Activities.Evidence;
using Hub.Trust.Signing;
using Hub.Trust.Verification;
using Hub.Workflows.Effects;

namespace Hub.Activities.Documents.Activities;

/// <summary>
/// Does the work the document activities ask for through the outbox, and returns the payload that resumes them:
/// <c>{"succeeded": true, ...}</c>, or <c>{"succeeded": false, "error": "..."}</c> when the work was refused for a
/// reason the flow should handle (data that does not fit the template, an archive refusal, a conversion failure, a
/// document outside the instance's organisation subtree). Every document it makes is kept with its record
/// (<see cref="DocumentRegister"/>); every document it reads must have a record the instance's organisation covers.
/// Malformed messages throw, as a broken invariant.
/// </summary>
public sealed class DocumentWork
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly IDocumentWorkspace workspace;
    private readonly DocumentRegister register;
    private readonly DocumentConverterPool converter;
    private readonly DocumentArchive archive;
    private readonly EvidenceReportBuilder evidence;
    private readonly PdfSignatureVerifier verifier;
    private readonly PdfSealRequest platformSeal;
    private readonly TimeProvider time;
    private readonly IEvidenceRecords records;

    /// <summary>Creates the handler over the host's services; <paramref name="platformSeal"/> seals evidence reports, whose
    /// parties, approvals and seal uses come from <paramref name="records"/>.</summary>
    public DocumentWork(IDocumentWorkspace workspace, DocumentRegister register, DocumentConverterPool converter, DocumentArchive archive,
        EvidenceReportBuilder evidence, PdfSignatureVerifier verifier, PdfSealRequest platformSeal, IEvidenceRecords records, TimeProvider? time = null)
    {
        this.records = records;
        this.time = time ?? TimeProvider.System;
        this.workspace = workspace;
        this.register = register;
        this.converter = converter;
        this.archive = archive;
        this.evidence = evidence;
        this.verifier = verifier;
        this.platformSeal = platformSeal;
    }

    /// <summary>Performs <paramref name="effect"/> for the organisation that owns its instance.</summary>
    /// <exception cref="ArgumentException">The kind is not a document kind, or the payload lacks a field.</exception>
    public async Task<JsonElement> CompleteAsync(Effect effect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(effect);
        try
        {
            object result = effect.Kind switch
            {
                DocumentWorkKinds.Generate => await GenerateAsync(effect, cancellationToken).ConfigureAwait(false),
                DocumentWorkKinds.Archive => await ArchiveAsync(effect, cancellationToken).ConfigureAwait(false),
                DocumentWorkKinds.EvidenceReport => await ReportAsync(effect, cancellationToken).ConfigureAwait(false),
                _ => throw new ArgumentException($"'{effect.Kind}' is not a document work kind.", nameof(effect)),
            };
            return JsonSerializer.SerializeToElement(result, Json);
        }
        catch (Exception e) when (e is TemplateRenderException or DocumentRejectedException or DocumentConversionException
                                      or ArchiveAccessDeniedException or ArchiveIntegrityException or ArchiveKeyException
                                      or KeyNotFoundException or PdfSigningException or Hub.Trust.Pdf.PdfFormatException
                                      or DocumentAccessDeniedException)
        {
            var error = e is TemplateRenderException render ? $"{render.Field}: {render.Message}" : e.Message;
            return JsonSerializer.SerializeToElement(new { succeeded = false, error }, Json);
        }
    }

    private async Task<object> GenerateAsync(Effect effect, CancellationToken cancellationToken)
    {
        var payload = effect.Payload;
        var template = await workspace.GetTemplateAsync(Text(payload, "template"), effect.Owner.OrganisationPath, cancellationToken).ConfigureAwait(false);
        var data = payload.GetProperty("data");
        if (OptionalText(payload, "decisionsInto") is { } property)
        {
            var decisions = await records.DecisionsAsync(effect.InstanceId, cancellationToken).ConfigureAwait(false);
            if (DocumentData.WithDecisions(data, property, decisions) is not { } bound)
            {
                return new { succeeded = false, error = $"data must be a JSON object to bind the recorded decisions into '{property}'" };
            }

            data = bound;
        }

        var docx = template.Render(data);
        var pdf = await converter.ConvertToPdfAsync(docx, cancellationToken).ConfigureAwait(false);
        var description = new DocumentDescription(Text(payload, "fileName"), OptionalText(payload, "category"), OptionalText(payload, "counterparty"),
            OptionalText(payload, "title"));
        var record = await register.RecordGeneratedAsync(effect.Owner, pdf, description, effect.InstanceId, effect.NodeId, cancellationToken)
            .ConfigureAwait(false);
        return new { succeeded = true, documentId = record.DocumentId, size = pdf.Length, fileName = description.FileName };
    }

    private async Task<object> ArchiveAsync(Effect effect, CancellationToken cancellationToken)
    {
        var payload = effect.Payload;
        var documentId = Text(payload, "documentId");
        var (_, content) = await register.ReadAsync(effect.Owner, documentId, cancellationToken).ConfigureAwait(false);
        var years = payload.GetProperty("retainYears").GetInt32();
        var stored = await archive.StoreAsync(content, new ArchiveStoreRequest
        {
            OwnerPath = payload.TryGetProperty("ownerPath", out var owner) && owner.GetString() is { Length: > 0 } path ? path : effect.Owner.OrganisationPath,
            CallerPath = effect.Owner.OrganisationPath,
            RetainUntil = years > 0 ? time.GetUtcNow().AddYears(years) : null,
        }, cancellationToken).ConfigureAwait(false);
        await register.MarkArchivedAsync(documentId, cancellationToken).ConfigureAwait(false);
        return new { succeeded = true, documentId = stored.DocumentId, segmentCount = stored.SegmentCount, retainUntil = stored.RetainUntil };
    }

    private async Task<object> ReportAsync(Effect effect, CancellationToken cancellationToken)
    {
        var payload = effect.Payload;
        var (subject, document) = await register.ReadAsync(effect.Owner, Text(payload, "documentId"), cancellationToken).ConfigureAwait(false);
        var verdicts = verifier.Verify(document);
        if (verdicts.Count == 0)
        {
            return new { succeeded = false, error = "The document carries no signature; an evidence report needs a sealed document." };
        }

        // What the report lists is what the Hub recorded for this instance, never what the flow claims.
        var recorded = await records.ForAsync(effect.InstanceId, subject.DocumentId, cancellationToken).ConfigureAwait(false);
        var facts = new EvidenceFacts
        {
            ReportNumber = Text(payload, "reportNumber"),
            DocumentTitle = Text(payload, "title"),
            DocumentFileName = Text(payload, "fileName"),
            Document = document,
            Parties = recorded.Parties,
            Approvals = recorded.Approvals,
            SealUses = recorded.SealUses,
            Signatures = verdicts,
        };
        var report = await evidence.BuildAsync(facts, platformSeal, cancellationToken).ConfigureAwait(false);
        await register.RecordEvidenceReportAsync(effect.Owner, subject, report.Pdf, "evidence-" + Text(payload, "reportNumber") + ".pdf",
            effect.InstanceId, effect.NodeId, cancellationToken).ConfigureAwait(false);
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

    private static string? OptionalText(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

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
