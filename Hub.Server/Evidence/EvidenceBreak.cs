namespace Hub.Server.Evidence;

/// <summary>How the evidence chain is broken at its first broken link.</summary>
internal enum EvidenceBreakKind
{
    /// <summary>The entry's stored hash no longer matches its fields: a field or the hash itself was changed.</summary>
    Edited,

    /// <summary>The entry is missing: a gap in the seqs, a chain that starts late, or an anchor naming an entry past its end.</summary>
    Deleted,

    /// <summary>The entry's fields hash correctly at another seq: rows were renumbered or swapped.</summary>
    Moved,

    /// <summary>The entry is consistent in itself but names a previous hash other than its predecessor's.</summary>
    Relinked,

    /// <summary>An anchor names this entry with another hash: the chain was rewritten up to here, hashes and all.</summary>
    AnchorMismatch,

    /// <summary>The anchor of this entry carries a time-stamp token that does not verify.</summary>
    AnchorInvalid,
}

/// <summary>The first broken link: where, how, and the facts that show it (hashes, seqs; never an entry's details).</summary>
internal sealed record EvidenceBreak(EvidenceBreakKind Kind, long Seq, string Detail)
{
    /// <summary>One plain line for an operator, e.g. "evidence entry 1234 was edited: …".</summary>
    public string Line => Kind switch
    {
        EvidenceBreakKind.Edited => $"evidence entry {Seq} was edited: {Detail}",
        EvidenceBreakKind.Deleted => $"evidence entry {Seq} was deleted: {Detail}",
        EvidenceBreakKind.Moved => $"evidence entry {Seq} was moved: {Detail}",
        EvidenceBreakKind.Relinked => $"evidence entry {Seq} was re-linked: {Detail}",
        EvidenceBreakKind.AnchorMismatch => $"evidence entry {Seq} does not match its anchor: {Detail}",
        _ => $"evidence entry {Seq} has an invalid anchor: {Detail}",
    };
}

/// <summary>What verification found: the chain's size and head, the anchors checked, and the first broken link if any.</summary>
internal sealed record EvidenceChainReport(long Entries, long Anchors, long HeadSeq, byte[]? HeadHash, DateTimeOffset? LastAnchoredAt,
    long? LastAnchoredSeq, EvidenceBreak? Break)
{
    public bool Intact => Break is null;
}
