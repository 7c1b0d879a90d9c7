using Hub.Trust.Appearances.Drawing;
using Hub.Trust.Appearances.Fonts;

namespace Hub.Trust.Appearances.Layout;

/// <summary>Places characters on arcs of an ellipse (a circle when the radii agree) or on a horizontal line, and draws them as outlines.</summary>
internal sealed class Typesetter(TrueTypeFont font)
{
    private const int ArcSamples = 720;

    public TrueTypeFont Font { get; } = font;

    /// <summary>The Unicode scalar values of <paramref name="text"/>, each checked to have a glyph in the font.</summary>
    public IReadOnlyList<int> CodePoints(string text, string what)
    {
        var codePoints = new List<int>();
        foreach (var rune in text.EnumerateRunes())
        {
            if (Font.GlyphIndex(rune.Value) == 0)
            {
                throw new ArgumentException($"The seal font has no glyph for '{rune}' (U+{rune.Value:X4}) in the {what}.");
            }

            codePoints.Add(rune.Value);
        }

        return codePoints;
    }

    /// <summary>
    /// Characters centred on the ellipse of radii (<paramref name="rx"/>, <paramref name="ry"/>), evenly by arc length
    /// over <paramref name="spanDegrees"/> about <paramref name="middleDegrees"/>, read left to right. On the upper arc
    /// (<paramref name="outward"/>) tops point away from the centre and the text runs clockwise; on the lower arc tops
    /// point to the centre and it runs counter-clockwise, as engraved seals read.
    /// </summary>
    public static IReadOnlyList<PlacedGlyph> OnArc(
        IReadOnlyList<int> codePoints, double rx, double ry, double middleDegrees, double spanDegrees, bool outward, double width, double height)
    {
        var direction = outward ? -1 : 1;
        var start = (middleDegrees - (direction * spanDegrees / 2)) * Math.PI / 180;
        var step = direction * spanDegrees * Math.PI / 180 / ArcSamples;
        var lengths = new double[ArcSamples + 1];
        for (var i = 1; i <= ArcSamples; i++)
        {
            var (a, b) = (start + ((i - 1) * step), start + (i * step));
            lengths[i] = lengths[i - 1] + Math.Sqrt(Math.Pow(rx * (Math.Cos(b) - Math.Cos(a)), 2) + Math.Pow(ry * (Math.Sin(b) - Math.Sin(a)), 2));
        }

        var slot = lengths[^1] / codePoints.Count;
        var placed = new List<PlacedGlyph>(codePoints.Count);
        for (var g = 0; g < codePoints.Count; g++)
        {
            var target = (g + 0.5) * slot;
            var found = Array.BinarySearch(lengths, target);
            var i = Math.Clamp(found < 0 ? ~found : found, 1, ArcSamples);
            var t = start + ((i - 1 + ((target - lengths[i - 1]) / (lengths[i] - lengths[i - 1]))) * step);
            var (x, y) = (rx * Math.Cos(t), ry * Math.Sin(t));

            // The ellipse's outward normal at parameter t is (cos t / rx, sin t / ry), normalised.
            var (nx, ny) = (Math.Cos(t) / rx, Math.Sin(t) / ry);
            var norm = Math.Sqrt((nx * nx) + (ny * ny)) * (outward ? 1 : -1);
            placed.Add(new PlacedGlyph(codePoints[g], x, y, nx / norm, ny / norm, width, height));
        }

        return placed;
    }

    /// <summary>The arc length of the ellipse over <paramref name="spanDegrees"/> about <paramref name="middleDegrees"/>.</summary>
    public static double ArcLength(double rx, double ry, double middleDegrees, double spanDegrees) =>
        OnArcLength(rx, ry, (middleDegrees - (spanDegrees / 2)) * Math.PI / 180, spanDegrees * Math.PI / 180);

    /// <summary>Upright characters in slots of <paramref name="pitch"/> centred on (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public static IReadOnlyList<PlacedGlyph> OnLine(IReadOnlyList<int> codePoints, double x, double y, double pitch, double width, double height)
    {
        var left = x - (pitch * codePoints.Count / 2) + (pitch / 2);
        return [.. codePoints.Select((c, i) => new PlacedGlyph(c, left + (i * pitch), y, 0, 1, width, height))];
    }

    /// <summary>Appends each character's outline, mapped into its box, as its own filled path.</summary>
    public static double LetteringStroke(double height) => 0.035 * height;

    public void Draw(SealDrawing drawing, IEnumerable<PlacedGlyph> glyphs)
    {
        foreach (var placed in glyphs)
        {
            var strokeWidth = LetteringStroke(Math.Min(placed.Height, placed.Width * 1.25));
            var outline = Font.Outline(Font.GlyphIndex(placed.CodePoint));
            var (bottom, top) = Band(placed.CodePoint);
            drawing.Paths.Add(new SealPath { StrokeWidth = strokeWidth }.Glyph(outline, placed.Map(outline.AdvanceWidth, bottom, top)));
        }
    }

    /// <summary>
    /// The vertical band of font units that fills a box's height: the ideographic em box for CJK (hhea descender up
    /// by one em), and baseline to the top of "0" for Latin digits and signs, so a digit is exactly as tall as the
    /// rules give (the invoice notice sizes digits by visible height).
    /// </summary>
    private (double Bottom, double Top) Band(int codePoint) => codePoint < 0x0100
        ? (0, Font.Outline(Font.GlyphIndex('0')).YMax)
        : (Font.Descender, Font.Descender + Font.UnitsPerEm);

    private static double OnArcLength(double rx, double ry, double start, double span)
    {
        double length = 0;
        for (var i = 1; i <= ArcSamples; i++)
        {
            var (a, b) = (start + ((i - 1) * span / ArcSamples), start + (i * span / ArcSamples));
            length += Math.Sqrt(Math.Pow(rx * (Math.Cos(b) - Math.Cos(a)), 2) + Math.Pow(ry * (Math.Sin(b) - Math.Sin(a)), 2));
        }

        return length;
    }
}
