using Hub.Trust.Appearances.Fonts;

namespace Hub.Trust.Appearances.Layout;

/// <summary>
/// One character's box on the seal, in millimetres about the centre: the box centre, the unit vector pointing to the
/// top of the character (per-glyph rotation on an arc), and the box size.
/// </summary>
internal readonly record struct PlacedGlyph(int CodePoint, double X, double Y, double UpX, double UpY, double Width, double Height)
{
    /// <summary>The unit vector pointing to the right of the character: <c>up</c> turned a quarter clockwise.</summary>
    public (double X, double Y) Right => (UpY, -UpX);

    /// <summary>The four corners of the box.</summary>
    public IEnumerable<(double X, double Y)> Corners()
    {
        var (rx, ry) = Right;
        foreach (var (sx, sy) in new[] { (-1, -1), (1, -1), (1, 1), (-1, 1) })
        {
            yield return (X + (sx * rx * Width / 2) + (sy * UpX * Height / 2), Y + (sx * ry * Width / 2) + (sy * UpY * Height / 2));
        }
    }

    /// <summary>
    /// The map from font units into this box: the advance width spans the box width, and the vertical band
    /// [<paramref name="bottom"/>, <paramref name="top"/>] spans its height.
    /// </summary>
    public Transform Map(int advanceWidth, double bottom, double top)
    {
        var (rx, ry) = Right;
        var sx = Width / advanceWidth;
        var sy = Height / (top - bottom);
        var lift = (-sy * bottom) - (Height / 2);
        return new Transform(rx * sx, ry * sx, UpX * sy, UpY * sy, X - (rx * Width / 2) + (UpX * lift), Y - (ry * Width / 2) + (UpY * lift));
    }
}
