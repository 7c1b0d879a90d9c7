namespace Hub.Activities.Documents.Records;

/// <summary>
/// What the Hub knows of one document it holds besides its bytes: whose it is, what it is and where it came from.
/// Written in the same transaction as the document (<see cref="IDocumentRecords.KeepAsync"/>).
/// </summary>
/// <param name="DocumentId">Lowercase hex SHA-256 of the bytes.</param>
/// <param name="OrganisationId">The owning organisation: that of the instance that made the document.</param>
/// <param name="OrganisationPath">Its materialised path; the document belongs to every subtree this path lies in.</param>
/// <param name="Category">Business category, e.g. <c>contract</c> or <c>expense</c>, or null.</param>
/// <param name="Counterparty">The other party, e.g. a supplier's name, or null.</param>
/// <param name="Title">The document's title as people search for it, or null.</param>
/// <param name="FileName">The file name a download carries.</param>
/// <param name="Kind">Generated, sealed or evidence report.</param>
/// <param name="InstanceId">The workflow instance that made it, or null when made outside a flow.</param>
/// <param name="NodeId">The node of that instance that made it, or null.</param>
/// <param name="DerivedFrom">The document it derives from (the generated PDF a sealed one seals), or null.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="ArchivedAt">When it was stored in the archive, or null.</param>
public sealed record DocumentRecord(
    string DocumentId,
    Guid OrganisationId,
    string OrganisationPath,
    string? Category,
    string? Counterparty,
    string? Title,
    string FileName,
    DocumentKind Kind,
    Guid? InstanceId,
    string? NodeId,
    string? DerivedFrom,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ArchivedAt = null)
{
    /// <summary>The status people filter by: <c>archived</c> once archived, otherwise the kind
    /// (<c>generated</c>, <c>sealed</c>, <c>evidence-report</c>).</summary>
    public string Status => ArchivedAt is null ? KindText(Kind) : "archived";

    /// <summary>The kind as stored and shown: <c>generated</c>, <c>sealed</c> or <c>evidence-report</c>.</summary>
    public static string KindText(DocumentKind kind) => kind switch
    {
        DocumentKind.Generated => "generated",
        DocumentKind.Sealed => "sealed",
        DocumentKind.EvidenceReport => "evidence-report",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a document kind."),
    };

    /// <summary>The kind <paramref name="text"/> names (as <see cref="KindText"/> writes it).</summary>
    /// <exception cref="ArgumentException">Not a kind's text.</exception>
    public static DocumentKind ParseKind(string text) => text switch
    {
        "generated" => DocumentKind.Generated,
        "sealed" => DocumentKind.Sealed,
        "evidence-report" => DocumentKind.EvidenceReport,
        _ => throw new ArgumentException($"'{text}' is not a document kind (generated, sealed, evidence-report).", nameof(text)),
    };
}
