namespace Hub.Server.Evidence;

/// <summary>
/// Recomputes the evidence chain in seq order and stops at the first broken link: each entry must follow the one before
/// without a gap, hash to its stored hash over its own fields and the previous hash it names, and name its
/// predecessor's hash; each anchor must carry a valid token over the head it names, and that head must still be in the
/// chain with that hash. The chain and the anchors are streamed, so memory stays flat however long the log grows.
/// An edit is found by hashes alone; a rewrite that recomputed every later hash, or the removal of the last entries,
/// only by the first anchor after it: the chain is as tamper-evident as it is anchored.
/// </summary>
internal static class EvidenceChainVerifier
{
    // How far from its position a row's fields are tried when its hash fails, to tell a swap or renumbering from an edit.
    private const int MoveWindow = 1000;

    /// <param name="entries">The chain in seq order.</param>
    /// <param name="anchors">The anchors in head order, none made after <paramref name="entries"/> was read (one snapshot).</param>
    /// <param name="tokenProblem">What is wrong with an anchor's token, or null when it is a valid time-stamp from the Hub's TSA.</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    public static async Task<EvidenceChainReport> VerifyAsync(IAsyncEnumerable<EvidenceEntry> entries, IAsyncEnumerable<EvidenceAnchor> anchors,
        Func<EvidenceAnchor, string?> tokenProblem, CancellationToken cancellationToken)
    {
        var walk = new Walk();
        await using var pendingAnchors = anchors.GetAsyncEnumerator(cancellationToken);
        var anchor = await pendingAnchors.MoveNextAsync() ? pendingAnchors.Current : null;
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            if (LinkBreak(entry, walk) is { } broken)
            {
                return walk.Report(broken);
            }

            walk.Accept(entry);
            // Anchors are in head order and every earlier seq has been seen, so only an anchor of this entry can be due.
            while (anchor is not null && anchor.HeadSeq == entry.Seq)
            {
                if (AnchorBreak(anchor, entry, tokenProblem) is { } anchorBroken)
                {
                    return walk.Report(anchorBroken);
                }

                walk.Anchored(anchor);
                anchor = await pendingAnchors.MoveNextAsync() ? pendingAnchors.Current : null;
            }

            if (anchor is not null && anchor.HeadSeq < entry.Seq)
            {
                // Only reachable when anchors are out of head order, which the store never returns.
                throw new InvalidOperationException($"The anchor of entry {anchor.HeadSeq} came after entry {entry.Seq}; anchors must be read in head order.");
            }
        }

        if (anchor is not null)
        {
            var missing = walk.LastSeq + 1;
            return walk.Report(new EvidenceBreak(EvidenceBreakKind.Deleted, missing,
                $"the chain ends at entry {walk.LastSeq}, but the anchor time-stamped at {anchor.AnchoredAt:u} names entry {anchor.HeadSeq} "
                + $"with hash {Hex(anchor.HeadHash)}; entries {missing} to {anchor.HeadSeq} were removed"));
        }

        return walk.Report(null);
    }

    private static EvidenceBreak? LinkBreak(EvidenceEntry entry, Walk walk)
    {
        var expected = walk.LastSeq + 1;
        if (entry.Seq != expected)
        {
            var span = entry.Seq - 1 == expected ? $"entry {expected} is missing" : $"entries {expected} to {entry.Seq - 1} are missing";
            return new EvidenceBreak(EvidenceBreakKind.Deleted, expected, walk.LastSeq == 0
                ? $"the chain starts at entry {entry.Seq}; {span}"
                : $"entry {entry.Seq} follows entry {walk.LastSeq}; {span}");
        }

        if (!entry.HashAt(entry.Seq, entry.PreviousHash).AsSpan().SequenceEqual(entry.EntryHash))
        {
            return MovedFrom(entry) is { } original
                ? new EvidenceBreak(EvidenceBreakKind.Moved, entry.Seq,
                    $"its fields ({entry.Kind}, {entry.Subject}) hash to its stored hash as entry {original}, not as entry {entry.Seq}; rows were renumbered or swapped")
                : new EvidenceBreak(EvidenceBreakKind.Edited, entry.Seq,
                    $"its stored hash {Hex(entry.EntryHash)} no longer matches its fields ({entry.Kind}, {entry.Subject}), "
                    + $"which hash to {Hex(entry.HashAt(entry.Seq, entry.PreviousHash))}");
        }

        if (!entry.PreviousHash.AsSpan().SequenceEqual(walk.LastHash))
        {
            return new EvidenceBreak(EvidenceBreakKind.Relinked, entry.Seq, walk.LastSeq == 0
                ? $"as the first entry it must name the zero hash as previous, but names {Hex(entry.PreviousHash)}"
                : $"it names {Hex(entry.PreviousHash)} as the previous hash, but entry {walk.LastSeq} hashes to {Hex(walk.LastHash)} "
                  + $"(entry {walk.LastSeq} was replaced with a recomputed hash, or entry {entry.Seq} re-pointed)");
        }

        return null;
    }

    private static long? MovedFrom(EvidenceEntry entry)
    {
        for (var distance = 1; distance <= MoveWindow; distance++)
        {
            foreach (var seq in new[] { entry.Seq - distance, entry.Seq + distance })
            {
                if (seq >= 1 && entry.HashAt(seq, entry.PreviousHash).AsSpan().SequenceEqual(entry.EntryHash))
                {
                    return seq;
                }
            }
        }

        return null;
    }

    private static EvidenceBreak? AnchorBreak(EvidenceAnchor anchor, EvidenceEntry entry, Func<EvidenceAnchor, string?> tokenProblem)
    {
        // The token first: an anchor whose token does not verify proves nothing about the head it names.
        if (tokenProblem(anchor) is { } problem)
        {
            return new EvidenceBreak(EvidenceBreakKind.AnchorInvalid, anchor.HeadSeq, $"the anchor recorded at {anchor.AnchoredAt:u}: {problem}");
        }

        return anchor.HeadHash.AsSpan().SequenceEqual(entry.EntryHash)
            ? null
            : new EvidenceBreak(EvidenceBreakKind.AnchorMismatch, anchor.HeadSeq,
                $"the anchor time-stamped at {anchor.AnchoredAt:u} names hash {Hex(anchor.HeadHash)}, the chain now has {Hex(entry.EntryHash)}; "
                + "the chain was rewritten at or before this entry, its hashes recomputed");
    }

    private static string Hex(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash);

    /// <summary>How far the walk got: the last good entry and the anchors passed.</summary>
    private sealed class Walk
    {
        public long LastSeq { get; private set; }

        public byte[] LastHash { get; private set; } = EvidenceHash.Genesis;

        private long _entries;
        private long _anchors;
        private EvidenceAnchor? _lastAnchor;

        public void Accept(EvidenceEntry entry)
        {
            LastSeq = entry.Seq;
            LastHash = entry.EntryHash;
            _entries++;
        }

        public void Anchored(EvidenceAnchor anchor)
        {
            _anchors++;
            _lastAnchor = anchor;
        }

        public EvidenceChainReport Report(EvidenceBreak? broken) => new(_entries, _anchors, LastSeq, LastSeq == 0 ? null : LastHash,
            _lastAnchor?.AnchoredAt, _lastAnchor?.HeadSeq, broken);
    }
}
