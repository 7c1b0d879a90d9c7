using System.Security.Cryptography;
using Hub.Activities.Documents.Activities;
using Hub.Workflows.Effects;

namespace Hub.Activities.Documents.Records;

/// <summary>
/// The one door through which flows reach documents: it reads a document only for an owner whose subtree covers the
/// document's record (a flow may only read, seal or archive documents of its own organisation's subtree), and keeps
/// every document a flow makes together with its record. The document activities use it; so does the sealing step,
/// which reads the generated PDF with <see cref="ReadAsync"/> and records what it sealed with <see cref="RecordSealedAsync"/>.
/// </summary>
public sealed class DocumentRegister
{
    private readonly IDocumentRecords records;
    private readonly IDocumentWorkspace workspace;
    private readonly TimeProvider time;

    /// <summary>Creates the register over the host's records and workspace.</summary>
    public DocumentRegister(IDocumentRecords records, IDocumentWorkspace workspace, TimeProvider? time = null)
    {
        this.records = records;
        this.workspace = workspace;
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>The record of <paramref name="documentId"/> when <paramref name="owner"/> may use it.</summary>
    /// <exception cref="DocumentAccessDeniedException">No record of it, or its organisation is outside the owner's subtree.</exception>
    public async Task<DocumentRecord> AuthoriseAsync(EffectOwner owner, string documentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var record = await records.FindAsync(documentId, cancellationToken).ConfigureAwait(false)
            ?? throw new DocumentAccessDeniedException(
                $"The Hub holds no record of document {documentId}: a flow may only use documents the Hub made and recorded.");
        return owner.Covers(record.OrganisationPath)
            ? record
            : throw new DocumentAccessDeniedException(
                $"Document {documentId} is not of organisation {owner.OrganisationPath} or below: a flow may only read, seal or archive documents of its own organisation's subtree.");
    }

    /// <summary>The record and bytes of <paramref name="documentId"/> when <paramref name="owner"/> may read it.</summary>
    /// <exception cref="DocumentAccessDeniedException">See <see cref="AuthoriseAsync"/>.</exception>
    public async Task<(DocumentRecord Record, byte[] Content)> ReadAsync(EffectOwner owner, string documentId, CancellationToken cancellationToken)
    {
        var record = await AuthoriseAsync(owner, documentId, cancellationToken).ConfigureAwait(false);
        return (record, await workspace.GetAsync(documentId, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Keeps a sealed PDF made from <paramref name="sourceDocumentId"/> by node <paramref name="nodeId"/> of
    /// <paramref name="instanceId"/>, with a record derived from the source's (same organisation, category,
    /// counterparty, title and file name; kind sealed). Idempotent for the same bytes.
    /// </summary>
    /// <exception cref="DocumentAccessDeniedException">The source is not the owner's to seal.</exception>
    public async Task<DocumentRecord> RecordSealedAsync(EffectOwner owner, string sourceDocumentId, ReadOnlyMemory<byte> sealedPdf, Guid instanceId,
        string nodeId, CancellationToken cancellationToken)
    {
        var source = await AuthoriseAsync(owner, sourceDocumentId, cancellationToken).ConfigureAwait(false);
        return await records.KeepAsync(SealedRecord(source, sealedPdf.Span, instanceId, nodeId), sealedPdf, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The record of <paramref name="sealedPdf"/> made from <paramref name="source"/> by node <paramref name="nodeId"/> of
    /// <paramref name="instanceId"/>, as <see cref="RecordSealedAsync"/> keeps it; for a host that stores the sealed PDF in
    /// a transaction of its own choosing (the seal's, so that a seal cut short leaves no sealed copy behind).
    /// </summary>
    public DocumentRecord SealedRecord(DocumentRecord source, ReadOnlySpan<byte> sealedPdf, Guid instanceId, string nodeId)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source with
        {
            DocumentId = Id(sealedPdf), Kind = DocumentKind.Sealed, InstanceId = instanceId, NodeId = nodeId,
            DerivedFrom = source.DocumentId, CreatedAt = time.GetUtcNow(), ArchivedAt = null,
        };
    }

    /// <summary>Keeps a document generated for <paramref name="owner"/> by node <paramref name="nodeId"/> of <paramref name="instanceId"/>.</summary>
    public Task<DocumentRecord> RecordGeneratedAsync(EffectOwner owner, ReadOnlyMemory<byte> pdf, DocumentDescription description, Guid instanceId,
        string nodeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(description);
        return records.KeepAsync(new DocumentRecord(Id(pdf.Span), owner.OrganisationId, owner.OrganisationPath, description.Category,
            description.Counterparty, description.Title, description.FileName, DocumentKind.Generated, instanceId, nodeId, null,
            time.GetUtcNow()), pdf, cancellationToken);
    }

    /// <summary>Keeps the evidence report on <paramref name="subject"/> (already authorised for the owner).</summary>
    public Task<DocumentRecord> RecordEvidenceReportAsync(EffectOwner owner, DocumentRecord subject, ReadOnlyMemory<byte> report, string fileName,
        Guid instanceId, string nodeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(subject);
        return records.KeepAsync(new DocumentRecord(Id(report.Span), owner.OrganisationId, owner.OrganisationPath, subject.Category,
            subject.Counterparty, subject.Title is null ? null : "证据报告 " + subject.Title, fileName, DocumentKind.EvidenceReport, instanceId,
            nodeId, subject.DocumentId, time.GetUtcNow()), report, cancellationToken);
    }

    /// <summary>Notes that <paramref name="documentId"/> (already authorised) was archived now.</summary>
    public Task MarkArchivedAsync(string documentId, CancellationToken cancellationToken) =>
        records.MarkArchivedAsync(documentId, time.GetUtcNow(), cancellationToken);

    private static string Id(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
