namespace Hub.Activities.Documents.Records;

/// <summary>
/// Where the Hub keeps its documents together with their records; the host implements it over its database
/// (<c>hub.documents</c> and <c>hub.document_records</c>). Every document a flow makes goes through
/// <see cref="KeepAsync"/>, so no document is held without a record saying whose it is.
/// </summary>
public interface IDocumentRecords
{
    /// <summary>The record of <paramref name="documentId"/>, or null when the Hub holds no record of it.</summary>
    Task<DocumentRecord?> FindAsync(string documentId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="content"/> under <see cref="DocumentRecord.DocumentId"/> and its record, in one transaction.
    /// Idempotent: when a record of those bytes exists already (a retried effect), nothing changes and the existing
    /// record is returned, so the first maker stays the owner.
    /// </summary>
    /// <exception cref="ArgumentException">The content's SHA-256 is not the record's id.</exception>
    Task<DocumentRecord> KeepAsync(DocumentRecord record, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Notes that the document was stored in the archive at <paramref name="at"/> (the first time counts).</summary>
    Task MarkArchivedAsync(string documentId, DateTimeOffset at, CancellationToken cancellationToken);
}
