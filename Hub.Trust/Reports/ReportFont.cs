using Hub.Trust.Appearances.Fonts;

namespace Hub.Trust.Reports;

/// <summary>
/// One document's use of a TrueType face. Each glyph the document draws gets the next character code (CID) in order of
/// first use, 0 being .notdef, so the embedded subset (<see cref="TrueTypeSubset"/>) numbers its glyphs the same way;
/// the code point each glyph was first drawn for feeds the ToUnicode map, so the text stays searchable and copyable.
/// </summary>
internal sealed class ReportFont(TrueTypeFont face)
{
    private readonly List<int> _glyphs = [0];
    private readonly Dictionary<int, int> _codes = new() { [0] = 0 };
    private readonly Dictionary<int, int> _characters = [];

    public TrueTypeFont Face => face;

    /// <summary>The face's glyph for each character code, by code: the subset's glyph order.</summary>
    public IReadOnlyList<int> Glyphs => _glyphs;

    /// <summary>Code point to character code, for the subset's 'cmap'.</summary>
    public IReadOnlyDictionary<int, int> Characters => _characters;

    /// <summary>Character code to the code point it was first drawn for (none for .notdef), for ToUnicode.</summary>
    public IEnumerable<(int Code, int CodePoint)> Unicode => _characters.GroupBy(c => c.Value).Select(g => (Code: g.Key, CodePoint: g.First().Key)).OrderBy(c => c.Code);

    /// <summary>Ascent as a share of the type size (hhea).</summary>
    public double Ascent => face.Ascender / (double)face.UnitsPerEm;

    /// <summary>Descent as a positive share of the type size.</summary>
    public double Descent => -face.Descender / (double)face.UnitsPerEm;

    /// <summary>The character code for <paramref name="codePoint"/>; 0 (.notdef, drawn as the font's empty box) when the face lacks it.</summary>
    public int Code(int codePoint)
    {
        var glyph = face.GlyphIndex(codePoint);
        if (glyph == 0)
        {
            return 0;
        }

        if (!_codes.TryGetValue(glyph, out var code))
        {
            code = _glyphs.Count;
            _glyphs.Add(glyph);
            _codes[glyph] = code;
        }

        _characters.TryAdd(codePoint, code);
        return code;
    }

    /// <summary>The advance of character code <paramref name="code"/> at <paramref name="size"/> points.</summary>
    public double Width(int code, double size) => face.AdvanceWidth(_glyphs[code]) * size / face.UnitsPerEm;

    /// <summary>The advance of character code <paramref name="code"/> in PDF glyph space (thousandths of the type size).</summary>
    public int Width1000(int code) => (int)Math.Round(face.AdvanceWidth(_glyphs[code]) * 1000.0 / face.UnitsPerEm);
}
