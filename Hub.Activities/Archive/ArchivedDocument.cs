namespace Hub.Activities.Archive;

/// <summary>What the archive knows about a stored document (never its content or keys).</summary>
/// <param name="DocumentId">Lowercase hex SHA-256 of the content.</param>
/// <param name="OwnerPath">The owning organisation's path.</param>
/// <param name="MediaType">The content's media type.</param>
/// <param name="Size">Content length in bytes.</param>
/// <param name="SegmentCount">How many encrypted segments hold it.</param>
/// <param name="StoredAt">When it was first stored.</param>
/// <param name="RetainUntil">Deletion is refused before this instant.</param>
/// <param name="LegalHoldReason">The reason of the legal hold in force, or null.</param>
/// <param name="ArchiveKeyId">The archive key its key is wrapped under.</param>
/// <param name="ParticipantThumbprints">SHA-256 thumbprints (hex) of the certificates its key is also wrapped for.</param>
public sealed record ArchivedDocument(
    string DocumentId,
    string OwnerPath,
    string MediaType,
    long Size,
    int SegmentCount,
    DateTimeOffset StoredAt,
    DateTimeOffset RetainUntil,
    string? LegalHoldReason,
    string ArchiveKeyId,
    IReadOnlyList<string> ParticipantThumbprints);
