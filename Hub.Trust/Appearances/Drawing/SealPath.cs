using System.Globalization;
using System.Text;
using Hub.Trust.Appearances.Fonts;

namespace Hub.Trust.Appearances.Drawing;

/// <summary>
/// A filled path in millimetres (y up, origin at the seal's centre) built from the segment kinds PDF and SVG share:
/// move, line, cubic Bézier, close. Filling uses the nonzero winding rule in both (ISO 32000-1 §8.5.3.3.2; SVG 1.1
/// 'fill-rule' default), which is also TrueType's rule, so glyph holes come out the same everywhere.
/// </summary>
internal sealed class SealPath
{
    /// <summary>Bézier control distance for a quarter ellipse: 4/3·(√2−1).</summary>
    private const double Kappa = 0.5522847498307936;

    private readonly List<(char Op, double[] Args)> _segments = [];
    private (double X, double Y) _current;

    public int SegmentCount => _segments.Count;

    /// <summary>
    /// When set, the path is also stroked this wide (mm) with round joins: engraved seal lettering is bolder than a
    /// book face, and the added weight keeps thin Ming-style horizontals legible at screen resolution.
    /// </summary>
    public double? StrokeWidth { get; init; }

    public IEnumerable<(double X, double Y)> Points => _segments.SelectMany(s => Enumerable.Range(0, s.Args.Length / 2).Select(i => (s.Args[2 * i], s.Args[(2 * i) + 1])));

    public SealPath MoveTo(double x, double y) => Add('M', x, y);

    public SealPath LineTo(double x, double y) => Add('L', x, y);

    public SealPath CurveTo(double x1, double y1, double x2, double y2, double x3, double y3) => Add('C', x1, y1, x2, y2, x3, y3);

    /// <summary>A quadratic Bézier raised to the cubic with the same curve: controls at 2/3 towards the quadratic control.</summary>
    public SealPath QuadTo(double qx, double qy, double x, double y)
    {
        var (x0, y0) = _current;
        return CurveTo(x0 + (2.0 / 3 * (qx - x0)), y0 + (2.0 / 3 * (qy - y0)), x + (2.0 / 3 * (qx - x)), y + (2.0 / 3 * (qy - y)), x, y);
    }

    public SealPath Close() => Add('Z');

    /// <summary>An ellipse of radii (<paramref name="rx"/>, <paramref name="ry"/>) about the origin; counter-clockwise unless <paramref name="clockwise"/>.</summary>
    public SealPath Ellipse(double rx, double ry, bool clockwise)
    {
        var s = clockwise ? -1 : 1;
        MoveTo(rx, 0);
        CurveTo(rx, s * Kappa * ry, Kappa * rx, s * ry, 0, s * ry);
        CurveTo(-Kappa * rx, s * ry, -rx, s * Kappa * ry, -rx, 0);
        CurveTo(-rx, -s * Kappa * ry, -Kappa * rx, -s * ry, 0, -s * ry);
        CurveTo(Kappa * rx, -s * ry, rx, -s * Kappa * ry, rx, 0);
        return Close();
    }

    /// <summary>A square of half-side <paramref name="half"/> about the origin; counter-clockwise unless <paramref name="clockwise"/>.</summary>
    public SealPath Rectangle(double half, bool clockwise)
    {
        MoveTo(half, -half);
        return clockwise
            ? LineTo(-half, -half).LineTo(-half, half).LineTo(half, half).Close()
            : LineTo(half, half).LineTo(-half, half).LineTo(-half, -half).Close();
    }

    /// <summary>Appends a TrueType outline mapped through <paramref name="map"/>, turning its quadratic contours into cubic segments.</summary>
    public SealPath Glyph(GlyphOutline outline, Transform map)
    {
        foreach (var contour in outline.Contours)
        {
            if (contour.Length < 2)
            {
                continue;
            }

            // Start on an on-curve point; a contour of only off-curve points starts at the midpoint of its first two
            // (between two consecutive off-curve points lies an implied on-curve point, OpenType 'glyf').
            var start = Array.FindIndex(contour, p => p.OnCurve);
            GlyphPoint[] points = start >= 0
                ? [.. contour[start..], .. contour[..start]]
                : new[] { Midpoint(contour[^1], contour[0]) }.Concat(contour).ToArray();
            var first = map.Apply(points[0].X, points[0].Y);
            MoveTo(first.X, first.Y);
            (double X, double Y)? control = null;
            for (var i = 1; i <= points.Length; i++)
            {
                var point = points[i % points.Length];
                var (x, y) = map.Apply(point.X, point.Y);
                if (point.OnCurve)
                {
                    _ = control is { } q ? QuadTo(q.X, q.Y, x, y) : LineTo(x, y);
                    control = null;
                }
                else
                {
                    if (control is { } q)
                    {
                        QuadTo(q.X, q.Y, (q.X + x) / 2, (q.Y + y) / 2);
                    }

                    control = (x, y);
                }
            }

            Close();
        }

        return this;
    }

    /// <summary>PDF path construction operators (ISO 32000-1 §8.5.2) followed by the nonzero fill <c>f</c>.</summary>
    public void WritePdf(StringBuilder content)
    {
        foreach (var (op, args) in _segments)
        {
            foreach (var value in args)
            {
                content.Append(Number(value)).Append(' ');
            }

            content.Append(op switch { 'M' => "m", 'L' => "l", 'C' => "c", _ => "h" }).Append('\n');
        }

        content.Append(StrokeWidth is { } width ? $"{Number(width)} w\nB\n" : "f\n");
    }

    /// <summary>SVG path data (SVG 1.1 §8.3) with the same coordinates.</summary>
    public string ToSvgData()
    {
        var data = new StringBuilder();
        foreach (var (op, args) in _segments)
        {
            data.Append(op);
            for (var i = 0; i < args.Length; i++)
            {
                data.Append(i == 0 ? string.Empty : " ").Append(Number(args[i]));
            }
        }

        return data.ToString();
    }

    /// <summary>Two decimals of a millimetre (10 µm) is far below what print or screen resolves and keeps paths small.</summary>
    internal static string Number(double value)
    {
        var rounded = Math.Round(value, 2);
        return (rounded == 0 ? 0 : rounded).ToString("0.##", CultureInfo.InvariantCulture);
    }

    private static GlyphPoint Midpoint(GlyphPoint a, GlyphPoint b) => new((a.X + b.X) / 2, (a.Y + b.Y) / 2, true);

    private SealPath Add(char op, params double[] args)
    {
        if (args.Length > 0)
        {
            _current = (args[^2], args[^1]);
        }

        _segments.Add((op, args));
        return this;
    }
}
