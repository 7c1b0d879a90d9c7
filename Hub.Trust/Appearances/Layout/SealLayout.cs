using System.Text.RegularExpressions;
using Hub.Trust.Appearances.Drawing;
using Hub.Trust.Appearances.Fonts;

namespace Hub.Trust.Appearances.Layout;

/// <summary>
/// The geometry of each seal kind at its standard size (docs/seal-appearances.md gives the sources), scaled when the
/// description overrides the size. Lengths are millimetres about the centre, y up.
/// </summary>
internal sealed partial class SealLayout
{
    /// <summary>Characters narrower than this share of their height stop being legible; longer names are refused.</summary>
    private const double MinWidthRatio = 0.3;

    private SealLayout(SealDrawing drawing, double innerRadiusX, double innerRadiusY)
    {
        Drawing = drawing;
        InnerRadiusX = innerRadiusX;
        InnerRadiusY = innerRadiusY;
    }

    public SealDrawing Drawing { get; }

    /// <summary>Half the inner width and height of the border: nothing else may reach beyond.</summary>
    public double InnerRadiusX { get; }

    public double InnerRadiusY { get; }

    /// <summary>The organisation name on the upper arc.</summary>
    public IReadOnlyList<PlacedGlyph> ArcText { get; private set; } = [];

    /// <summary>The seal code on the lower arc.</summary>
    public IReadOnlyList<PlacedGlyph> CodeText { get; private set; } = [];

    /// <summary>Horizontal lettering: seal name, taxpayer number, invoice sequence number, a representative's name.</summary>
    public IReadOnlyList<PlacedGlyph> LineText { get; private set; } = [];

    /// <summary>The star's ten outline points, alternating tips and inner corners, starting at the top tip.</summary>
    public IReadOnlyList<(double X, double Y)> Star { get; private set; } = [];

    /// <summary>The upper arc's span in degrees.</summary>
    public double ArcSpanDegrees { get; private set; }

    public static SealLayout Create(SealDescription description, TrueTypeFont font)
    {
        ArgumentNullException.ThrowIfNull(description);
        var setter = new Typesetter(font);
        if (description.SizeMillimetres is { } size && (!double.IsFinite(size) || size < 10 || size > 100))
        {
            throw new ArgumentOutOfRangeException(nameof(description), size, "The seal size must be between 10 and 100 mm.");
        }

        if (description.TaxpayerNumber is not null && description.Kind != SealKind.Invoice)
        {
            throw new ArgumentException($"A {description.Kind} seal carries no taxpayer number; only invoice seals do.", nameof(description));
        }

        return description.Kind switch
        {
            SealKind.Official => Round(description, setter, 42, 1.2, null),
            SealKind.Contract => Round(description, setter, 40, 1.0, "合同专用章"),
            SealKind.Finance => Round(description, setter, 40, 1.0, "财务专用章"),
            SealKind.Invoice => Oval(description, setter),
            SealKind.LegalRepresentative => Square(description, setter, "legal representative's seal", "legal representative's name", "representative's name"),
            _ => Square(description, setter, "personal name seal", "person's name", "person's name"),
        };
    }

    /// <summary>
    /// Round seal: ring, star of 14 mm tip diameter at the standard size, name on up to 250° of the upper arc 0.5 mm inside the
    /// ring, seal name across below the star, the 13-digit code on the lower arc.
    /// </summary>
    private static SealLayout Round(SealDescription description, Typesetter setter, double standard, double border, string? defaultName)
    {
        var diameter = description.SizeMillimetres ?? standard;
        var k = diameter / standard;
        var outer = diameter / 2;
        var inner = outer - (border * k);
        var layout = new SealLayout(new SealDrawing(diameter, diameter, Title(description, defaultName)), inner, inner);
        layout.Ring(outer, outer, inner, inner);
        layout.DrawStar(7 * k);

        var name = setter.CodePoints(Required(description.OrganisationName, "organisation name"), "organisation name");
        var height = 0.15 * diameter;
        var centre = inner - (0.5 * k) - (height / 2);
        layout.ArcSpanDegrees = Math.Clamp(name.Count * 0.8 * height * 1.1 / centre * 180 / Math.PI, 150, 250);
        var width = FitWidth(name.Count, Typesetter.ArcLength(centre, centre, 90, layout.ArcSpanDegrees) * (centre - (height / 2)) / centre, 0.8 * height, height, "organisation name", diameter);

        // A box's outer corners reach √((r + h/2)² + (w/2)²); pull the arc in so they keep the gap too.
        centre = Math.Sqrt(Math.Pow(inner - (0.5 * k), 2) - Math.Pow(width / 2, 2)) - (height / 2);
        layout.ArcText = Typesetter.OnArc(name, centre, centre, 90, layout.ArcSpanDegrees, outward: true, width, height);
        setter.Draw(layout.Drawing, layout.ArcText);

        var sealName = description.SealName ?? defaultName;
        if (!string.IsNullOrEmpty(sealName))
        {
            var points = setter.CodePoints(sealName, "seal name");
            var nameHeight = 0.11 * diameter;
            var nameWidth = FitWidth(points.Count, 0.5 * diameter, 0.85 * nameHeight, nameHeight, "seal name", diameter);
            layout.LineText = Typesetter.OnLine(points, 0, (-0.16 * diameter) - (nameHeight / 2), nameWidth * 1.08, nameWidth, nameHeight);
            setter.Draw(layout.Drawing, layout.LineText);
        }

        if (description.Code is { } code)
        {
            if (!ThirteenDigits().IsMatch(code))
            {
                throw new ArgumentException($"The seal code must be 13 digits (public security seal registration); got {code.Length} characters.", nameof(description));
            }

            var digitHeight = 0.055 * diameter;
            var digitCentre = inner - (0.6 * k) - (digitHeight / 2);
            var span = 13 * 1.2 * 0.035 * diameter / digitCentre * 180 / Math.PI;
            layout.CodeText = Typesetter.OnArc(setter.CodePoints(code, "seal code"), digitCentre, digitCentre, 270, span, outward: false, 0.035 * diameter, digitHeight);
            setter.Draw(layout.Drawing, layout.CodeText);
        }

        return layout;
    }

    /// <summary>
    /// Invoice seal after State Taxation Administration announcement 2011 No. 7: oval 40 × 30 mm, border 1 mm; name
    /// 4.2 mm high, 0.5 mm inside the border over 210–260°; taxpayer number 3.7 × 1.3 mm digits, 26 mm for 18;
    /// "发票专用章" 4.6 × 3 mm with its top 4.2 mm below the centre; sequence number 2.2 × 1.7 mm, top 10 mm below.
    /// </summary>
    private static SealLayout Oval(SealDescription description, Typesetter setter)
    {
        var width = description.SizeMillimetres ?? 40;
        var k = width / 40;
        var (rx, ry) = (20 * k, 15 * k);
        var (ix, iy) = (rx - k, ry - k);
        var defaultName = "发票专用章";
        var layout = new SealLayout(new SealDrawing(2 * rx, 2 * ry, Title(description, defaultName)), ix, iy);
        layout.Ring(rx, ry, ix, iy);

        var name = setter.CodePoints(Required(description.OrganisationName, "taxpayer name"), "taxpayer name");
        var height = 4.2 * k;
        var (cx, cy) = (ix - (0.5 * k) - (height / 2), iy - (0.5 * k) - (height / 2));
        layout.ArcSpanDegrees = Math.Clamp(name.Count * 0.8 * height * 1.1 / ((cx + cy) / 2) * 180 / Math.PI, 210, 260);
        var shrink = (((cx + cy) / 2) - (height / 2)) / ((cx + cy) / 2);
        var glyphWidth = FitWidth(name.Count, Typesetter.ArcLength(cx, cy, 90, layout.ArcSpanDegrees) * shrink, 0.8 * height, height, "taxpayer name", width);
        layout.ArcText = Typesetter.OnArc(name, cx, cy, 90, layout.ArcSpanDegrees, outward: true, glyphWidth, height);

        var number = description.TaxpayerNumber ?? throw new ArgumentException("An invoice seal needs the taxpayer identification number.", nameof(description));
        if (!TaxpayerNumberPattern().IsMatch(number))
        {
            throw new ArgumentException("The taxpayer identification number must be 15 to 20 digits or capital letters.", nameof(description));
        }

        var lines = new List<PlacedGlyph>(Typesetter.OnLine(setter.CodePoints(number, "taxpayer number"), 0, 0, 26.0 / 18 * k, 1.3 * k, 3.7 * k));
        var sealName = setter.CodePoints(description.SealName ?? defaultName, "seal name");
        lines.AddRange(Typesetter.OnLine(sealName, 0, (-4.2 - 2.3) * k, 3.2 * k, 3 * k, 4.6 * k));
        if (description.Code is { } sequence)
        {
            if (!SequenceNumber().IsMatch(sequence))
            {
                throw new ArgumentException("An invoice seal's sequence number must be 1 to 3 digits.", nameof(description));
            }

            lines.AddRange(Typesetter.OnLine(setter.CodePoints($"({sequence})", "sequence number"), 0, (-10 - 1.1) * k, 1.9 * k, 1.7 * k, 2.2 * k));
        }

        layout.LineText = lines;
        setter.Draw(layout.Drawing, layout.ArcText);
        setter.Draw(layout.Drawing, layout.LineText);
        return layout;
    }

    /// <summary>
    /// Name seal (the legal representative's, or a person's own): square 18 mm, border 1 mm, four characters in two
    /// columns read right column first, top to bottom, as traditional name seals are; a two-character name gets
    /// "之印", a three-character "印".
    /// </summary>
    private static SealLayout Square(SealDescription description, Typesetter setter, string seal, string fullName, string shortName)
    {
        if (description.Code is not null)
        {
            throw new ArgumentException($"A {seal} carries no code.", nameof(description));
        }

        var person = setter.CodePoints(Required(description.SealName, $"{shortName} (SealName)"), shortName);
        IReadOnlyList<int> text = person.Count switch
        {
            2 => [.. person, '之', '印'],
            3 => [.. person, '印'],
            4 => person,
            _ => throw new ArgumentException($"A {fullName} must have 2 to 4 characters; got {person.Count}.", nameof(description)),
        };
        var side = description.SizeMillimetres ?? 18;
        var k = side / 18;
        var inner = (side / 2) - k;
        var layout = new SealLayout(new SealDrawing(side, side, string.Concat(text.Select(char.ConvertFromUtf32))), inner, inner);
        layout.Drawing.Paths.Add(new SealPath().Rectangle(side / 2, clockwise: false).Rectangle(inner, clockwise: true));
        var cell = inner - (0.8 * k);
        var glyph = cell * 0.96;
        var offset = cell / 2;
        layout.LineText = [.. text.Select((c, i) => new PlacedGlyph(c, i < 2 ? offset : -offset, i % 2 == 0 ? offset : -offset, 0, 1, glyph, glyph))];
        setter.Draw(layout.Drawing, layout.LineText);
        return layout;
    }

    /// <summary>The border as one filled path: outer ellipse counter-clockwise, inner clockwise, so nonzero leaves the hole.</summary>
    private void Ring(double rx, double ry, double ix, double iy) =>
        Drawing.Paths.Add(new SealPath().Ellipse(rx, ry, clockwise: false).Ellipse(ix, iy, clockwise: true));

    /// <summary>A regular five-pointed star: inner radius = outer · sin 18° / sin 126° (≈ 0.382), a tip straight up.</summary>
    private void DrawStar(double radius)
    {
        var innerRadius = radius * Math.Sin(Math.PI / 10) / Math.Sin(7 * Math.PI / 10);
        var points = new List<(double X, double Y)>(10);
        for (var i = 0; i < 10; i++)
        {
            var angle = (Math.PI / 2) - (i * Math.PI / 5);
            var r = i % 2 == 0 ? radius : innerRadius;
            points.Add((r * Math.Cos(angle), r * Math.Sin(angle)));
        }

        var path = new SealPath().MoveTo(points[0].X, points[0].Y);
        foreach (var (x, y) in points.Skip(1))
        {
            path.LineTo(x, y);
        }

        Drawing.Paths.Add(path.Close());
        Star = points;
    }

    /// <summary>Characters as wide as <paramref name="preferred"/> if the room allows, else narrowed to share it, refused below legibility.</summary>
    private static double FitWidth(int count, double room, double preferred, double height, string what, double size)
    {
        var width = Math.Min(preferred, room / count * 0.92);
        if (width < MinWidthRatio * height)
        {
            throw new ArgumentException($"The {what} has {count} characters, too many to stay legible on a {size:0.#} mm seal.");
        }

        return width;
    }

    private static string Required(string? value, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"The seal needs its {what}.") : value;

    private static string Title(SealDescription description, string? defaultName) =>
        $"{description.OrganisationName}{description.SealName ?? defaultName}";

    [GeneratedRegex("^[0-9]{13}$")]
    private static partial Regex ThirteenDigits();

    [GeneratedRegex("^[0-9A-Z]{15,20}$")]
    private static partial Regex TaxpayerNumberPattern();

    [GeneratedRegex("^[0-9]{1,3}$")]
    private static partial Regex SequenceNumber();
}
