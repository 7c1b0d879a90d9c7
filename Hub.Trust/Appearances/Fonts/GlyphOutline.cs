namespace Hub.Trust.Appearances.Fonts;

/// <summary>A point of a TrueType contour in font units; off-curve points are quadratic control points.</summary>
internal readonly record struct GlyphPoint(double X, double Y, bool OnCurve);

/// <summary>
/// The outline of one glyph in font units (y up), composites already resolved into their components' contours,
/// with the advance width from <c>hmtx</c>.
/// </summary>
internal sealed class GlyphOutline(int glyphIndex, int advanceWidth, IReadOnlyList<GlyphPoint[]> contours)
{
    public int GlyphIndex { get; } = glyphIndex;

    public int AdvanceWidth { get; } = advanceWidth;

    public IReadOnlyList<GlyphPoint[]> Contours { get; } = contours;

    public bool IsEmpty => Contours.Count == 0;

    public double YMax => Contours.SelectMany(c => c).Select(p => p.Y).DefaultIfEmpty(0).Max();

    public double YMin => Contours.SelectMany(c => c).Select(p => p.Y).DefaultIfEmpty(0).Min();
}
