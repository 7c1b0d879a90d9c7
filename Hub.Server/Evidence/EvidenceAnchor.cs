namespace Hub.Server.Evidence;

/// <summary>
/// A time-stamp over the chain's head: the head's seq and hash as they were when the TSA signed
/// <see cref="EvidenceHash.AnchorImprint"/> of them, and the RFC 3161 token (DER) that says when.
/// </summary>
internal sealed record EvidenceAnchor(long HeadSeq, byte[] HeadHash, byte[] Token, DateTimeOffset AnchoredAt);
