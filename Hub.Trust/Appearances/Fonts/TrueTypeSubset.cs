using System.Buffers.Binary;

namespace Hub.Trust.Appearances.Fonts;

/// <summary>
/// Builds a stand-alone TrueType font holding only the glyphs a document uses, for embedding as a PDF CIDFontType2
/// (ISO 32000-1 §9.7.4, FontFile2). The glyphs are renumbered in the order given, so a document's character codes are
/// small consecutive numbers (CIDToGIDMap /Identity) and the subset's 'loca' and 'hmtx' hold only what is used, instead
/// of one entry for each of the tens of thousands of glyphs in a CJK face.
/// </summary>
internal static class TrueTypeSubset
{
    /// <summary>Tables a rasteriser needs to draw glyph outlines; hinting tables only when the face has them.</summary>
    private static readonly string[] CopiedTables = ["OS/2", "cvt ", "fpgm", "prep"];

    /// <summary>A font whose glyph <c>i</c> is the face's glyph <c>glyphs[i]</c>, followed by the glyphs that composites
    /// among them are made of (their references rewritten); its 'cmap' maps <paramref name="characters"/> (code point to
    /// new glyph index).</summary>
    /// <exception cref="ArgumentException"><paramref name="glyphs"/> does not start with 0 (.notdef, which every TrueType
    /// font must have first) or names a glyph twice.</exception>
    /// <exception cref="InvalidDataException">A composite glyph names a glyph the face lacks, or its record is truncated.</exception>
    public static byte[] Build(TrueTypeFont font, IReadOnlyList<int> glyphs, IReadOnlyDictionary<int, int> characters)
    {
        if (glyphs.Count == 0 || glyphs[0] != 0)
        {
            throw new ArgumentException("A subset's first glyph must be the face's glyph 0 (.notdef).", nameof(glyphs));
        }

        var order = new List<int>(glyphs.Count);
        var renumbered = new Dictionary<int, int>(glyphs.Count);
        foreach (var glyph in glyphs)
        {
            if ((uint)glyph >= (uint)font.GlyphCount)
            {
                throw new ArgumentOutOfRangeException(nameof(glyphs), glyph, $"The font has {font.GlyphCount} glyphs.");
            }

            if (!renumbered.TryAdd(glyph, order.Count))
            {
                throw new ArgumentException($"Glyph {glyph} is named twice.", nameof(glyphs));
            }

            order.Add(glyph);
        }

        // Components join at the end; the list grows while it is walked, and a glyph joins once, so cycles end.
        for (var i = 0; i < order.Count; i++)
        {
            foreach (var (_, component) in font.Components(order[i]))
            {
                if ((uint)component >= (uint)font.GlyphCount)
                {
                    throw new InvalidDataException($"A composite glyph of the font names glyph {component}, beyond its {font.GlyphCount} glyphs.");
                }

                if (renumbered.TryAdd(component, order.Count))
                {
                    order.Add(component);
                }
            }
        }

        var glyf = new MemoryStream();
        var loca = new byte[4 * (order.Count + 1)];
        var metrics = new byte[4 * order.Count];
        for (var i = 0; i < order.Count; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(loca.AsSpan(4 * i), (uint)glyf.Length);
            BinaryPrimitives.WriteUInt16BigEndian(metrics.AsSpan(4 * i), (ushort)font.AdvanceWidth(order[i]));
            BinaryPrimitives.WriteInt16BigEndian(metrics.AsSpan((4 * i) + 2), font.LeftSideBearing(order[i]));
            var record = font.GlyphRecord(order[i]).ToArray();
            foreach (var (offset, component) in font.Components(order[i]))
            {
                BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(offset), (ushort)renumbered[component]);
            }

            glyf.Write(record);

            // 'glyf' records are conventionally 4-byte aligned; loca then needs no short-offset halving either.
            glyf.Write(new byte[(4 - (record.Length % 4)) % 4]);
        }

        BinaryPrimitives.WriteUInt32BigEndian(loca.AsSpan(4 * order.Count), (uint)glyf.Length);

        var tables = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["head"] = Head(font),
            ["hhea"] = WithUInt16(font.Table("hhea"), 34, order.Count, "hhea"),
            ["maxp"] = WithUInt16(font.Table("maxp"), 4, order.Count, "maxp"),
            ["hmtx"] = metrics,
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

    /// <summary>A copy of a table with one count replaced (hhea.numberOfHMetrics, maxp.numGlyphs).</summary>
    private static byte[] WithUInt16(ReadOnlySpan<byte> table, int offset, int value, string tag)
    {
        if (table.Length < offset + 2)
        {
            throw new InvalidDataException($"The font's '{tag}' table holds {table.Length} bytes; it needs {offset + 2}.");
        }

        var copy = table.ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(offset), (ushort)value);
        return copy;
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

    /// <summary>'cmap' with one Windows UCS-4 subtable (3, 10) of format 12, a group per code point.</summary>
    private static byte[] CharacterMap(IReadOnlyDictionary<int, int> characters)
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
        foreach (var (codePoint, glyph) in characters.OrderBy(c => c.Key))
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
