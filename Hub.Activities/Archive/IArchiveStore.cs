namespace Hub.Activities.Archive;

/// <summary>
/// Where archived bytes live: per document, one manifest and numbered segments, all opaque (already encrypted and
/// authenticated by <see cref="DocumentArchive"/>). Implementations write each item atomically; the archive writes
/// the segments first and the manifest last, so a document exists only once it is complete.
/// </summary>
public interface IArchiveStore
{
    /// <summary>Writes segment <paramref name="index"/> of a document, replacing any earlier one.</summary>
    Task WriteSegmentAsync(string documentId, int index, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Reads segment <paramref name="index"/>; null when it does not exist.</summary>
    Task<byte[]?> ReadSegmentAsync(string documentId, int index, CancellationToken cancellationToken);

    /// <summary>The indexes of the segments stored for a document, ascending.</summary>
    Task<IReadOnlyList<int>> ListSegmentsAsync(string documentId, CancellationToken cancellationToken);

    /// <summary>Writes a document's manifest, replacing any earlier one.</summary>
    Task WriteManifestAsync(string documentId, ReadOnlyMemory<byte> manifest, CancellationToken cancellationToken);

    /// <summary>Reads a document's manifest; null when the document is not archived.</summary>
    Task<byte[]?> ReadManifestAsync(string documentId, CancellationToken cancellationToken);

    /// <summary>The ids of every document that has a manifest.</summary>
    IAsyncEnumerable<string> ListDocumentsAsync(CancellationToken cancellationToken);

    /// <summary>Removes a document's manifest and segments; the manifest goes first, so a half-deleted document is
    /// simply absent.</summary>
    Task DeleteAsync(string documentId, CancellationToken cancellationToken);
}
