using System.Text.Json;
using Hub.Activities.Documents.Records;
using Hub.Activities.Evidence.Chain;

namespace Hub.Server.Documents;

/// <summary>
/// Hands out a document's bytes to a person or system, and enters the download (or a view of its record) in the evidence
/// chain first: the
/// bytes are read and checked, the act is appended, and only then are they returned, so no download leaves the Hub
/// unrecorded. The API and <c>./hub document get</c> both download through here.
/// </summary>
internal sealed class DocumentDownloads(HubDocumentWorkspace workspace, IEvidenceLog evidence)
{
    /// <summary>The bytes of <paramref name="record"/>'s document, after recording who downloaded it and how.</summary>
    /// <param name="record">The document's record; the caller has checked the downloader may read it.</param>
    /// <param name="actorId">The person downloading, or null for a system or the command line.</param>
    /// <param name="via">How: <c>api</c> or <c>cli</c>.</param>
    /// <param name="downloader">Who, as logs name them (a user or API key id, or the operator's account), no secret.</param>
    /// <param name="cancellationToken">Cancels the read and the append.</param>
    public async Task<byte[]> DownloadAsync(DocumentRecord record, Guid? actorId, string via, string downloader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var content = await workspace.GetAsync(record.DocumentId, cancellationToken);
        var details = JsonSerializer.SerializeToElement(new { fileName = record.FileName, size = content.Length, via, downloader });
        await evidence.AppendAsync(new EvidenceAct(EvidenceKinds.DocumentDownload, record.OrganisationPath, actorId, "document:" + record.DocumentId,
            details), cancellationToken);
        return content;
    }

    /// <summary>Records that <paramref name="viewer"/> looked at <paramref name="record"/> and its signatures' verification
    /// (the record with every seal checked is a view of the document, though no bytes leave), with what was found.</summary>
    public async Task RecordViewAsync(DocumentRecord record, Guid? actorId, string via, string viewer, int signatures, int acceptable,
        string? verificationError, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var details = JsonSerializer.SerializeToElement(new { fileName = record.FileName, via, viewer, signatures, acceptable, verificationError });
        await evidence.AppendAsync(new EvidenceAct(EvidenceKinds.DocumentView, record.OrganisationPath, actorId, "document:" + record.DocumentId, details),
            cancellationToken);
    }

    /// <summary>The media type of a document the Hub holds: PDF when it is one, otherwise opaque bytes.</summary>
    public static string ContentType(ReadOnlySpan<byte> content) =>
        content.StartsWith("%PDF-"u8) ? "application/pdf" : "application/octet-stream";
}
