namespace Hub.Server.Evidence;

/// <summary>One row of the evidence chain as stored: the act's fields, the link to the entry before and its own hash.</summary>
internal sealed record EvidenceEntry(long Seq, DateTimeOffset RecordedAt, string Kind, string OrganisationPath, Guid? ActorId, string Subject,
    string Details, byte[] PreviousHash, byte[] EntryHash)
{
    /// <summary>The hash these fields give when they stand at <paramref name="seq"/> after <paramref name="previousHash"/>.</summary>
    public byte[] HashAt(long seq, ReadOnlySpan<byte> previousHash) =>
        EvidenceHash.Compute(previousHash, seq, RecordedAt, Kind, OrganisationPath, ActorId, Subject, Details);
}
