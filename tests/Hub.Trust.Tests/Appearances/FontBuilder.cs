using System.Buffers.Binary;
using System.Text;

namespace Hub.Trust.Tests.Appearances;

/// <summary>
/// Builds a tiny TrueType font (OpenType 1.9 table layouts) for parser tests: glyph 0 empty, glyph 1 a 500-unit square
/// with one quadratic corner, glyph 2 a composite of glyph 1 scaled by ½ and moved by (100, 200); 'A' → 1, 'B' → 2.
/// Each part can be replaced to make the font hostile.
/// </summary>
internal sealed class FontBuilder
{
    public byte[] Square { get; set; } = Simple();

    public byte[] Composite { get; set; } = CompositeOf(component: 1, dx: 100, dy: 200, scale: 0.5);

    public short IndexToLocFormat { get; set; } = 1;

    public string Magic { get; set; } = "\0\u0001\0\0";

    public (int Start, int End)? LocaOverride { get; set; }

    /// <summary>Replaces the format 4 subtable's segments: (start, end, delta) each, the closing 0xFFFF segment added.</summary>
    public (ushort Start, ushort End, short Delta)[] Segments { get; set; } = [(0x41, 0x42, -64)];

    public static byte[] Simple()
    {
        // Contour of 4 points: (0,0) on, (500,0) on, (500,500) off, (0,500) on; flags then int16 coordinates.
        var glyph = new MemoryStream();
        Write16(glyph, 1, 0, 0, 500, 500, 3, 0);
        glyph.Write([1, 1, 0, 1]);
        Write16(glyph, 0, 500, 0, -500);
        Write16(glyph, 0, 0, 500, 0);
        return glyph.ToArray();
    }

    public static byte[] CompositeOf(int component, short dx, short dy, double scale)
    {
        var glyph = new MemoryStream();
        Write16(glyph, -1, 0, 0, 500, 500);

        // ARG_1_AND_2_ARE_WORDS | ARGS_ARE_XY_VALUES | WE_HAVE_A_SCALE.
        Write16(glyph, 0x0001 | 0x0002 | 0x0008, (short)component, dx, dy, (short)(scale * 16384));
        return glyph.ToArray();
    }

    public byte[] Build()
    {
        var glyphs = new[] { Array.Empty<byte>(), Square, Composite };
        var glyf = new MemoryStream();
        var loca = new MemoryStream();
        foreach (var glyph in glyphs)
        {
            Write32(loca, (int)glyf.Length);
            glyf.Write(glyph);
            glyf.Write(new byte[glyph.Length % 2]);
        }

        Write32(loca, (int)glyf.Length);
        var locaBytes = loca.ToArray();
        if (LocaOverride is { } o)
        {
            BinaryPrimitives.WriteInt32BigEndian(locaBytes.AsSpan(4), o.Start);
            BinaryPrimitives.WriteInt32BigEndian(locaBytes.AsSpan(8), o.End);
        }

        var head = new byte[54];
        BinaryPrimitives.WriteUInt16BigEndian(head.AsSpan(18), 1000);
        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(50), IndexToLocFormat);
        var maxp = new byte[6];
        BinaryPrimitives.WriteUInt32BigEndian(maxp, 0x00005000);
        BinaryPrimitives.WriteUInt16BigEndian(maxp.AsSpan(4), (ushort)glyphs.Length);
        var hhea = new byte[36];
        BinaryPrimitives.WriteInt16BigEndian(hhea.AsSpan(4), 880);
        BinaryPrimitives.WriteInt16BigEndian(hhea.AsSpan(6), -120);
        BinaryPrimitives.WriteUInt16BigEndian(hhea.AsSpan(34), 2);
        var hmtx = new MemoryStream();
        Write16(hmtx, 500, 0, 1000, 0, 0);

        // cmap: one Windows BMP subtable, format 4 with segment 'A'..'B' (delta −64) and the closing 0xFFFF segment.
        var cmap = new MemoryStream();
        var segments = Segments.Append((Start: (ushort)0xFFFF, End: (ushort)0xFFFF, Delta: (short)1)).ToArray();
        var count = (short)segments.Length;
        Write16(cmap, 0, 1, 3, 1);
        Write32(cmap, 12);
        Write16(cmap, 4, (short)(16 + (8 * count)), 0, (short)(2 * count), 0, 0, 0);
        Write16(cmap, [.. segments.Select(x => unchecked((short)x.End))]);
        Write16(cmap, 0);
        Write16(cmap, [.. segments.Select(x => unchecked((short)x.Start))]);
        Write16(cmap, [.. segments.Select(x => x.Delta)]);
        Write16(cmap, [.. segments.Select(_ => (short)0)]);

        var tables = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["cmap"] = cmap.ToArray(), ["glyf"] = glyf.ToArray(), ["head"] = head, ["hhea"] = hhea,
            ["hmtx"] = hmtx.ToArray(), ["loca"] = locaBytes, ["maxp"] = maxp,
        };
        var font = new MemoryStream();
        font.Write(Encoding.Latin1.GetBytes(Magic));
        Write16(font, (short)tables.Count, 0, 0, 0);
        var offset = 12 + (16 * tables.Count);
        foreach (var (tag, data) in tables)
        {
            font.Write(Encoding.ASCII.GetBytes(tag));
            Write32(font, 0);
            Write32(font, offset);
            Write32(font, data.Length);
            offset += (data.Length + 3) & ~3;
        }

        foreach (var data in tables.Values)
        {
            font.Write(data);
            font.Write(new byte[((data.Length + 3) & ~3) - data.Length]);
        }

        return font.ToArray();
    }

    private static void Write16(Stream stream, params short[] values)
    {
        Span<byte> buffer = stackalloc byte[2];
        foreach (var value in values)
        {
            BinaryPrimitives.WriteInt16BigEndian(buffer, value);
            stream.Write(buffer);
        }
    }

    private static void Write32(Stream stream, int value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, value);
        stream.Write(buffer);
    }
}
