using System.Collections.Concurrent;

namespace Hub.Trust.Appearances.Fonts;

/// <summary>
/// Reads glyph outlines from a TrueType font or one face of a TrueType collection: the tables <c>head</c>,
/// <c>maxp</c>, <c>hhea</c>, <c>hmtx</c>, <c>cmap</c>, <c>loca</c> and <c>glyf</c> (OpenType 1.9, ISO/IEC 14496-22).
/// Hinting and every other table are ignored: seals are drawn at print size, not on a pixel grid.
/// </summary>
internal sealed partial class TrueTypeFont
{
    /// <summary>Composite glyphs nest rarely beyond two levels; the bound stops cycles and stack exhaustion.</summary>
    private const int MaxCompositeDepth = 8;

    /// <summary>maxp caps points per glyph at 65,535 (uint16); a composite expanding beyond that is hostile.</summary>
    private const int MaxPointsPerGlyph = 65_535;

    private readonly FontData _glyf;
    private readonly FontData _loca;
    private readonly FontData _hmtx;
    private readonly bool _longOffsets;
    private readonly int _numberOfHMetrics;
    private readonly Dictionary<int, int> _cmap;
    private readonly ConcurrentDictionary<int, GlyphOutline> _outlines = new();
    private readonly Dictionary<string, FontData> _tables;

    private TrueTypeFont(FontData face, FontData file)
    {
        var tables = ReadTableDirectory(face, file);
        _tables = tables;
        if (!tables.ContainsKey("glyf") && (tables.ContainsKey("CFF ") || tables.ContainsKey("CFF2")))
        {
            throw new InvalidDataException("The font has CFF outlines and no 'glyf' table; seal lettering needs a TrueType-outline font such as AR PL UMing (fonts-arphic-uming).");
        }

        FontData Table(string tag) => tables.TryGetValue(tag, out var t) ? t : throw new InvalidDataException($"The font has no '{tag}' table.");

        var head = Table("head");
        UnitsPerEm = head.UInt16(18);
        if (UnitsPerEm is < 16 or > 16384)
        {
            throw new InvalidDataException($"The font's unitsPerEm {UnitsPerEm} is outside 16..16384 (OpenType 'head').");
        }

        var indexToLocFormat = head.Int16(50);
        if (indexToLocFormat is not (0 or 1))
        {
            throw new InvalidDataException($"The font's indexToLocFormat {indexToLocFormat} is neither 0 nor 1.");
        }

        _longOffsets = indexToLocFormat == 1;
        GlyphCount = Table("maxp").UInt16(4);
        var hhea = Table("hhea");
        Ascender = hhea.Int16(4);
        Descender = hhea.Int16(6);
        _numberOfHMetrics = hhea.UInt16(34);
        if (_numberOfHMetrics == 0 || _numberOfHMetrics > GlyphCount)
        {
            throw new InvalidDataException($"The font's numberOfHMetrics {_numberOfHMetrics} does not fit its {GlyphCount} glyphs.");
        }

        _hmtx = Table("hmtx");
        _loca = Table("loca");
        _glyf = Table("glyf");
        var locaNeeded = (GlyphCount + 1) * (_longOffsets ? 4 : 2);
        if (_loca.Length < locaNeeded)
        {
            throw new InvalidDataException($"The font's 'loca' table holds {_loca.Length} bytes; {GlyphCount} glyphs need {locaNeeded}.");
        }

        _cmap = ReadCmap(Table("cmap"));
    }

    public int UnitsPerEm { get; }

    public int GlyphCount { get; }

    public int Ascender { get; }

    public int Descender { get; }

    /// <summary>A table's bytes as the font holds them, or empty when the font lacks it (for embedding a subset).</summary>
    public ReadOnlySpan<byte> Table(string tag) => _tables.TryGetValue(tag, out var table) ? table.Slice(0, table.Length) : [];

    /// <summary>The glyph's raw 'glyf' record (empty for a glyph without outline, such as a space).</summary>
    public ReadOnlySpan<byte> GlyphRecord(int glyph)
    {
        CheckGlyph(glyph);
        var (offset, length) = GlyphRange(glyph);
        return length == 0 ? [] : _glyf.Slice(offset, length);
    }

    /// <summary>The left side bearing hmtx gives the glyph.</summary>
    public short LeftSideBearing(int glyph)
    {
        CheckGlyph(glyph);
        return glyph < _numberOfHMetrics
            ? _hmtx.Int16((4 * glyph) + 2)
            : _hmtx.Int16((4 * _numberOfHMetrics) + (2 * (glyph - _numberOfHMetrics)));
    }

    /// <summary>Parses <paramref name="bytes"/>: a single font (<c>0x00010000</c> or <c>true</c>) or a collection (<c>ttcf</c>).</summary>
    public static TrueTypeFont Parse(ReadOnlyMemory<byte> bytes, int faceIndex = 0)
    {
        var file = new FontData(bytes, "font file");
        if (file.Length < 12)
        {
            throw new InvalidDataException($"The font file holds {file.Length} bytes; a font header needs 12.");
        }

        var tag = file.UInt32(0);
        int faceOffset;
        if (tag == 0x74746366)
        {
            // 'ttcf': TTC header (OpenType §"Font Collections"), then one offset per face.
            var faces = file.Offset32(8);
            if (faceIndex < 0 || faceIndex >= faces)
            {
                throw new InvalidDataException($"The font collection has {faces} faces; face {faceIndex} does not exist.");
            }

            faceOffset = file.Offset32(12 + (4 * faceIndex));
        }
        else if (tag is 0x00010000 or 0x74727565)
        {
            if (faceIndex != 0)
            {
                throw new InvalidDataException($"The font is a single face; face {faceIndex} does not exist.");
            }

            faceOffset = 0;
        }
        else if (tag == 0x4F54544F)
        {
            throw new InvalidDataException("The font has CFF outlines ('OTTO'); seal lettering needs a TrueType-outline font such as AR PL UMing (fonts-arphic-uming).");
        }
        else
        {
            throw new InvalidDataException($"The data is not a TrueType font or collection (tag 0x{tag:X8}).");
        }

        return new TrueTypeFont(file.Sub(faceOffset, file.Length - faceOffset, "font face"), file);
    }

    /// <summary>The glyph for a Unicode scalar value, or 0 (.notdef) when the font lacks it.</summary>
    public int GlyphIndex(int codePoint) => _cmap.TryGetValue(codePoint, out var glyph) && glyph < GlyphCount ? glyph : 0;

    public int AdvanceWidth(int glyph)
    {
        CheckGlyph(glyph);
        return _hmtx.UInt16(4 * Math.Min(glyph, _numberOfHMetrics - 1));
    }

    /// <summary>The glyph's outline with composites resolved; parsed once, then cached.</summary>
    public GlyphOutline Outline(int glyph)
    {
        CheckGlyph(glyph);
        return _outlines.GetOrAdd(glyph, g =>
        {
            var contours = new List<GlyphPoint[]>();
            AppendGlyph(g, Transform.Identity, contours, 0);
            return new GlyphOutline(g, AdvanceWidth(g), contours);
        });
    }

    private void CheckGlyph(int glyph)
    {
        if ((uint)glyph >= (uint)GlyphCount)
        {
            throw new ArgumentOutOfRangeException(nameof(glyph), glyph, $"The font has {GlyphCount} glyphs.");
        }
    }

    private static Dictionary<string, FontData> ReadTableDirectory(FontData face, FontData file)
    {
        var count = face.UInt16(4);
        var tables = new Dictionary<string, FontData>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var record = 12 + (16 * i);
            var tag = System.Text.Encoding.Latin1.GetString(face.Slice(record, 4));

            // Table offsets in a collection are from the start of the file, not of the face (OpenType §"Font Collections").
            var offset = face.Offset32(record + 8);
            var length = face.Offset32(record + 12);
            tables[tag] = file.Sub(offset, length, $"'{tag}' table");
        }

        return tables;
    }
}
