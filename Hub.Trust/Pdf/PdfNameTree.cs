namespace Hub.Trust.Pdf;

/// <summary>
/// Reads a name tree (ISO 32000-1 §7.9.6) as its flat list of (key, value) pairs in tree order. Hostile trees are
/// bounded: a cycle, more than <see cref="MaxDepth"/> levels or more than <see cref="MaxEntries"/> entries is refused.
/// </summary>
internal static class PdfNameTree
{
    public const int MaxDepth = 32;
    public const int MaxEntries = 100_000;

    /// <summary>The tree's entries; empty when <paramref name="root"/> is absent or not a dictionary.</summary>
    /// <exception cref="PdfFormatException">The tree has a cycle or exceeds a limit.</exception>
    public static List<(PdfString Key, PdfObject Value)> Entries(PdfReader reader, PdfObject? root)
    {
        var entries = new List<(PdfString Key, PdfObject Value)>();
        Walk(reader, root, entries, [], 0);
        return entries;
    }

    /// <summary>Orders keys as §7.9.6 asks: by their bytes, unsigned, shorter first on a common prefix.</summary>
    public static int Compare(PdfString left, PdfString right) => left.Bytes.SequenceCompareTo(right.Bytes);

    private static void Walk(PdfReader reader, PdfObject? node, List<(PdfString, PdfObject)> entries, HashSet<PdfReference> visited, int depth)
    {
        if (node is PdfReference reference && !visited.Add(reference))
        {
            ThrowHelper.Format($"A name tree has a cycle: object {reference.ObjectNumber} {reference.Generation} R is reached twice.");
        }

        if (depth > MaxDepth)
        {
            ThrowHelper.Format($"A name tree is deeper than {MaxDepth} levels.");
        }

        if (reader.Resolve(node) is not PdfDictionary dictionary)
        {
            return;
        }

        if (reader.Resolve(dictionary["Names"]) is PdfArray names)
        {
            for (var i = 0; i + 1 < names.Count; i += 2)
            {
                if (reader.Resolve(names[i]) is PdfString key)
                {
                    if (entries.Count == MaxEntries)
                    {
                        ThrowHelper.Limit("name tree entries", entries.Count + 1, MaxEntries);
                    }

                    // The value is kept as stored (usually a reference), so diffs compare what the tree points to.
                    entries.Add((key, names[i + 1]));
                }
            }
        }

        foreach (var kid in (reader.Resolve(dictionary["Kids"]) as PdfArray) ?? [])
        {
            Walk(reader, kid, entries, visited, depth + 1);
        }
    }
}
