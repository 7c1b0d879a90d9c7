namespace Hub.Trust.Appearances.Fonts;

/// <summary>Character-to-glyph mapping (OpenType 'cmap'): formats 4 (BMP segments) and 12 (full Unicode groups).</summary>
internal sealed partial class TrueTypeFont
{
    /// <summary>Format 12 groups may describe at most the Unicode range; a larger total is hostile.</summary>
    private const long MaxMappedCodePoints = 0x110000;

    private static Dictionary<int, int> ReadCmap(FontData cmap)
    {
        var count = cmap.UInt16(2);
        int? best = null;
        var bestRank = int.MaxValue;
        for (var i = 0; i < count; i++)
        {
            var record = 4 + (8 * i);
            var platform = cmap.UInt16(record);
            var encoding = cmap.UInt16(record + 2);
            var offset = cmap.Offset32(record + 4);

            // Prefer full-Unicode subtables, then BMP ones: Windows UCS-4 (3,10), Unicode full (0,4/0,6), Windows BMP (3,1), Unicode BMP (0,3).
            var rank = (platform, encoding) switch
            {
                (3, 10) => 0,
                (0, 4) or (0, 6) => 1,
                (3, 1) => 2,
                (0, 3) => 3,
                _ => int.MaxValue,
            };
            if (rank < bestRank && cmap.UInt16(offset) is 4 or 12)
            {
                best = offset;
                bestRank = rank;
            }
        }

        if (best is not { } subtable)
        {
            throw new InvalidDataException("The font has no Unicode 'cmap' subtable of format 4 or 12.");
        }

        return cmap.UInt16(subtable) == 4 ? ReadFormat4(cmap, subtable) : ReadFormat12(cmap, subtable);
    }

    private static Dictionary<int, int> ReadFormat4(FontData cmap, int at)
    {
        var segments = cmap.UInt16(at + 6) / 2;
        var ends = at + 14;
        var starts = ends + (2 * segments) + 2;
        var deltas = starts + (2 * segments);
        var rangeOffsets = deltas + (2 * segments);
        var map = new Dictionary<int, int>();
        var total = 0;
        for (var s = 0; s < segments; s++)
        {
            int start = cmap.UInt16(starts + (2 * s));
            int end = cmap.UInt16(ends + (2 * s));

            // Segments are sorted and disjoint, so together they span at most the BMP; more is a hostile loop.
            total += Math.Max(0, end - start + 1);
            if (total > 0x10000)
            {
                throw new InvalidDataException($"The font's 'cmap' format 4 segments overlap: {total} code points exceed the 65,536 of the BMP.");
            }

            var delta = cmap.Int16(deltas + (2 * s));
            int rangeOffset = cmap.UInt16(rangeOffsets + (2 * s));
            for (var c = start; c <= end && c != 0xFFFF; c++)
            {
                int glyph;
                if (rangeOffset == 0)
                {
                    glyph = (c + delta) & 0xFFFF;
                }
                else
                {
                    // The offset is relative to the idRangeOffset entry itself (OpenType 'cmap' format 4).
                    glyph = cmap.UInt16(rangeOffsets + (2 * s) + rangeOffset + (2 * (c - start)));
                    if (glyph != 0)
                    {
                        glyph = (glyph + delta) & 0xFFFF;
                    }
                }

                if (glyph != 0)
                {
                    map[c] = glyph;
                }
            }
        }

        return map;
    }

    private static Dictionary<int, int> ReadFormat12(FontData cmap, int at)
    {
        var groups = cmap.Offset32(at + 12);
        var map = new Dictionary<int, int>();
        long total = 0;
        for (var g = 0; g < groups; g++)
        {
            var record = at + 16 + (12 * g);
            var start = cmap.UInt32(record);
            var end = cmap.UInt32(record + 4);
            var glyph = cmap.UInt32(record + 8);
            total += (long)end - start + 1;
            if (end < start || end >= MaxMappedCodePoints || total > MaxMappedCodePoints)
            {
                throw new InvalidDataException($"The font's 'cmap' format 12 group {g} ({start:X}..{end:X}) is outside Unicode or overlaps the total.");
            }

            for (var c = start; c <= end; c++)
            {
                map[(int)c] = (int)(glyph + (c - start));
            }
        }

        return map;
    }
}
