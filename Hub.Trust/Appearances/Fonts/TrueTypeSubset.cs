using System.Buffers.Binary;

namespace Hub.Trust.Appearances.Fonts;

/// <summary>
/// Builds a stand-alone TrueType font holding only the glyphs a document uses, for embedding as a PDF CIDFontType2
/// (ISO 32000-1 §9.7.4, FontFile2). Glyph indices are kept, so a glyph's CID is its index (CIDToGIDMap /Identity);
/// unused glyphs keep their slot with no outline and no metrics, which costs a few bytes each after Flate instead of
/// the megabytes of the whole face.
/// </summary>
internal static class TrueTypeSubset
{
    /// <summary>Tables a rasteriser needs to draw glyph outlines; hinting tables only when the face has them.</summary>
    private static readonly string[] CopiedTables = ["OS/2", "cvt ", "fpgm", "prep"];

    /// <summary>The subset font's bytes holding the glyphs of <paramref name="codePoints"/> (those the font has), the
    /// glyphs composites among them are made of, and glyph 0 (.notdef), which every TrueType font must have; its 'cmap'
    /// maps just those code points.</summary>
    public static byte[] Build(TrueTypeFont font, IEnumerable<int> codePoints)
    {
        var characters = new SortedDictionary<int, int>();
        foreach (var codePoint in codePoints)
        {
            if (font.GlyphIndex(codePoint) is var glyph and not 0)
            {
                characters[codePoint] = glyph;
            }
        }

        var kept = Closure(font, characters.Values);
        var glyf = new MemoryStream();
        var loca = new byte[4 * (font.GlyphCount + 1)];
        for (var glyph = 0; glyph < font.GlyphCount; glyph++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(loca.AsSpan(4 * glyph), (uint)glyf.Length);
            if (kept.Contains(glyph))
            {
                var record = font.GlyphRecord(glyph);
                glyf.Write(record);

                // 'glyf' records are conventionally 4-byte aligned; loca then needs no short-offset halving either.
                glyf.Write(new byte[(4 - (record.Length % 4)) % 4]);
            }
        }

        BinaryPrimitives.WriteUInt32BigEndian(loca.AsSpan(4 * font.GlyphCount), (uint)glyf.Length);

        var tables = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["head"] = Head(font),
            ["hhea"] = font.Table("hhea").ToArray(),
            ["maxp"] = font.Table("maxp").ToArray(),
            ["hmtx"] = Metrics(font, kept),
            ["loca"] = loca,
            ["glyf"] = glyf.ToArray(),
            ["post"] = PostVersion3(font),
            ["cmap"] = CharacterMap(characters),
        };
        foreach (var tag in CopiedTables)
        {
            var table = font.Table(tag);
            if (!table.IsEmpty)
            {
                tables[tag] = table.ToArray();
            }
        }

        return Assemble(tables);
    }

    private static HashSet<int> Closure(TrueTypeFont font, IEnumerable<int> glyphs)
    {
        var pending = new Stack<int>(glyphs.Append(0));
        var kept = new HashSet<int>();
        while (pending.TryPop(out var glyph))
        {
            if ((uint)glyph >= (uint)font.GlyphCount)
            {
                throw new InvalidDataException($"A composite glyph of the font names glyph {glyph}, beyond its {font.GlyphCount} glyphs.");
            }

            // The set also stops a composite that names itself or a cycle of composites.
            if (kept.Add(glyph))
            {
                foreach (var component in font.ComponentGlyphs(glyph))
                {
                    pending.Push(component);
                }
            }
        }

        return kept;
    }

    /// <summary>'head' with 32-bit loca offsets and the checksum adjustment cleared (set once the file is assembled).</summary>
    private static byte[] Head(TrueTypeFont font)
    {
        var head = font.Table("head").ToArray();
        if (head.Length < 54)
        {
            throw new InvalidDataException($"The font's 'head' table holds {head.Length} bytes; it needs 54.");
        }

        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(8), 0);
        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(50), 1);
        return head;
    }

    /// <summary>'hmtx' with the face's own layout (numberOfHMetrics long entries, then bearings) and zeros for unused glyphs.</summary>
    private static byte[] Metrics(TrueTypeFont font, HashSet<int> kept)
    {
        var longCount = font.HorizontalMetricsCount;
        var metrics = new byte[(4 * longCount) + (2 * (font.GlyphCount - longCount))];
        foreach (var glyph in kept)
        {
            if (glyph < longCount)
            {
                BinaryPrimitives.WriteUInt16BigEndian(metrics.AsSpan(4 * glyph), (ushort)font.AdvanceWidth(glyph));
                BinaryPrimitives.WriteInt16BigEndian(metrics.AsSpan((4 * glyph) + 2), font.LeftSideBearing(glyph));
            }
            else
            {
                BinaryPrimitives.WriteInt16BigEndian(metrics.AsSpan((4 * longCount) + (2 * (glyph - longCount))), font.LeftSideBearing(glyph));
            }
        }

        // Glyphs past numberOfHMetrics take the last long entry's advance, so it must stay even if that glyph is unused.
        BinaryPrimitives.WriteUInt16BigEndian(metrics.AsSpan(4 * (longCount - 1)), (ushort)font.AdvanceWidth(longCount - 1));
        return metrics;
    }

    /// <summary>'cmap' with one Windows UCS-4 subtable (3, 10) of format 12, a group per code point.</summary>
    private static byte[] CharacterMap(SortedDictionary<int, int> characters)
    {
        var cmap = new byte[12 + 16 + (12 * characters.Count)];
        BinaryPrimitives.WriteUInt16BigEndian(cmap.AsSpan(2), 1);
        BinaryPrimitives.WriteUInt16BigEndian(cmap.AsSpan(4), 3);
        BinaryPrimitives.WriteUInt16BigEndian(cmap.AsSpan(6), 10);
        BinaryPrimitives.WriteUInt32BigEndian(cmap.AsSpan(8), 12);
        BinaryPrimitives.WriteUInt16BigEndian(cmap.AsSpan(12), 12);
        BinaryPrimitives.WriteUInt32BigEndian(cmap.AsSpan(16), (uint)(cmap.Length - 12));
        BinaryPrimitives.WriteUInt32BigEndian(cmap.AsSpan(24), (uint)characters.Count);
        var group = 28;
        foreach (var (codePoint, glyph) in characters)
        {
            BinaryPrimitives.WriteUInt32BigEndian(cmap.AsSpan(group), (uint)codePoint);
            BinaryPrimitives.WriteUInt32BigEndian(cmap.AsSpan(group + 4), (uint)codePoint);
            BinaryPrimitives.WriteUInt32BigEndian(cmap.AsSpan(group + 8), (uint)glyph);
            group += 12;
        }

        return cmap;
    }

    /// <summary>'post' version 3.0: the face's italic angle and underline metrics without its glyph names.</summary>
    private static byte[] PostVersion3(TrueTypeFont font)
    {
        var post = new byte[32];
        var original = font.Table("post");
        if (original.Length >= 32)
        {
            original[..32].CopyTo(post);
        }

        BinaryPrimitives.WriteUInt32BigEndian(post, 0x00030000);
        return post;
    }

    /// <summary>The table directory and tables, 4-byte aligned, with checksums (OpenType §"Table Directory").</summary>
    private static byte[] Assemble(SortedDictionary<string, byte[]> tables)
    {
        var count = tables.Count;
        var searchRange = 1;
        var entrySelector = 0;
        while (searchRange * 2 <= count)
        {
            searchRange *= 2;
            entrySelector++;
        }

        var directory = 12 + (16 * count);
        var size = directory + tables.Values.Sum(t => Padded(t.Length));
        var file = new byte[size];
        BinaryPrimitives.WriteUInt32BigEndian(file, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(4), (ushort)count);
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(6), (ushort)(searchRange * 16));
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(8), (ushort)entrySelector);
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(10), (ushort)((count * 16) - (searchRange * 16)));

        var record = 12;
        var offset = directory;
        var headOffset = -1;
        foreach (var (tag, table) in tables)
        {
            System.Text.Encoding.ASCII.GetBytes(tag, file.AsSpan(record, 4));
            table.CopyTo(file, offset);
            BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(record + 4), Checksum(file.AsSpan(offset, Padded(table.Length))));
            BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(record + 8), (uint)offset);
            BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(record + 12), (uint)table.Length);
            if (tag == "head")
            {
                headOffset = offset;
            }

            record += 16;
            offset += Padded(table.Length);
        }

        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(headOffset + 8), unchecked(0xB1B0AFBA - Checksum(file)));
        return file;
    }

    private static int Padded(int length) => (length + 3) & ~3;

    private static uint Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (var i = 0; i + 4 <= data.Length; i += 4)
        {
            sum = unchecked(sum + BinaryPrimitives.ReadUInt32BigEndian(data[i..]));
        }

        return sum;
    }
}
