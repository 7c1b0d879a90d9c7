using System.Text.Json;
using Hub.Server.Evidence;

namespace Hub.Server.Api.Evidence;

/// <summary>One entry of the evidence chain; hashes in lower-case hex.</summary>
internal sealed record EvidenceEntryResponse(long Seq, DateTimeOffset RecordedAt, string Kind, string OrganisationPath, Guid? ActorId,
    string Subject, JsonElement Details, string PreviousHash, string EntryHash)
{
    public static EvidenceEntryResponse Of(EvidenceEntry entry) => new(entry.Seq, entry.RecordedAt, entry.Kind, entry.OrganisationPath,
        entry.ActorId, entry.Subject, JsonDocument.Parse(entry.Details).RootElement.Clone(),
        Convert.ToHexStringLower(entry.PreviousHash), Convert.ToHexStringLower(entry.EntryHash));
}

/// <summary>A page of entries, newest first; pass <see cref="NextBefore"/> as <c>before</c> for the next, none when null.</summary>
internal sealed record EvidencePageResponse(IReadOnlyList<EvidenceEntryResponse> Entries, long? NextBefore);

/// <summary>The first broken link: its kind (Edited, Deleted, Moved, Relinked, AnchorMismatch, AnchorInvalid), seq and line.</summary>
internal sealed record EvidenceBreakResponse(string Kind, long Seq, string Message);

/// <summary>The verification report: intact, or the first broken link.</summary>
internal sealed record EvidenceReportResponse(bool Intact, long Entries, long Anchors, long HeadSeq, string? HeadHash, long? LastAnchoredSeq,
    DateTimeOffset? LastAnchoredAt, EvidenceBreakResponse? Broken)
{
    public static EvidenceReportResponse Of(EvidenceChainReport report) => new(report.Intact, report.Entries, report.Anchors, report.HeadSeq,
        report.HeadHash is null ? null : Convert.ToHexStringLower(report.HeadHash), report.LastAnchoredSeq, report.LastAnchoredAt,
        report.Break is { } broken ? new EvidenceBreakResponse(broken.Kind.ToString(), broken.Seq, broken.Line) : null);
}

/// <summary>What anchoring did: <see cref="Added"/> false when the head was anchored already (or the chain is empty).</summary>
internal sealed record EvidenceAnchorResponse(bool Added, long? HeadSeq, string? HeadHash, DateTimeOffset? AnchoredAt)
{
    public static EvidenceAnchorResponse Of(AnchoringResult result) => new(result.Added, result.Latest?.HeadSeq,
        result.Latest is { } anchor ? Convert.ToHexStringLower(anchor.HeadHash) : null, result.Latest?.AnchoredAt);
}
