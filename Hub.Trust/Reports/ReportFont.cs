using Hub.Trust.Appearances.Fonts;

namespace Hub.Trust.Reports;

/// <summary>
/// One document's use of a TrueType face: glyphs by code point, widths at a size, and which code point each glyph
/// stood for, so the embedded subset carries a ToUnicode map and the text stays searchable and copyable.
/// </summary>
internal sealed class ReportFont(TrueTypeFont face)
{
    private readonly SortedDictionary<int, int> _used = [];

    public TrueTypeFont Face => face;

    /// <summary>Glyphs the document drew, each with the code point it was first drawn for (none for .notdef).</summary>
    public IReadOnlyDictionary<int, int> Used => _used;

    /// <summary>Ascent as a share of the type size (hhea).</summary>
    public double Ascent => face.Ascender / (double)face.UnitsPerEm;

    /// <summary>Descent as a positive share of the type size.</summary>
    public double Descent => -face.Descender / (double)face.UnitsPerEm;

    /// <summary>The glyph for <paramref name="codePoint"/>; 0 (.notdef, drawn as the font's empty box) when the face lacks it.</summary>
    public int Glyph(int codePoint)
    {
        var glyph = face.GlyphIndex(codePoint);
        if (glyph != 0)
        {
            _used.TryAdd(glyph, codePoint);
        }

        return glyph;
    }

    /// <summary>The glyph's advance at <paramref name="size"/> points.</summary>
    public double Width(int glyph, double size) => face.AdvanceWidth(glyph) * size / face.UnitsPerEm;

    /// <summary>The glyph's advance in PDF glyph space (thousandths of the type size).</summary>
    public int Width1000(int glyph) => (int)Math.Round(face.AdvanceWidth(glyph) * 1000.0 / face.UnitsPerEm);
}
