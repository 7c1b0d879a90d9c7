using System.Globalization;
using System.Security;
using System.Text;

namespace Hub.Trust.Appearances.Drawing;

/// <summary>
/// A seal as filled red paths in millimetres about its centre, written either as a PDF content stream or as SVG from
/// the same coordinates, so the two renderings can only differ by the rasteriser.
/// </summary>
internal sealed class SealDrawing(double widthMillimetres, double heightMillimetres, string title)
{
    /// <summary>1 mm in PDF user space units: 72 points per inch, 25.4 mm per inch (ISO 32000-1 §8.3.2.3).</summary>
    public const double PointsPerMillimetre = 72 / 25.4;

    /// <summary>
    /// Seal ink red as sRGB 255/0/0, written as DeviceRGB <c>1 0 0</c> and SVG <c>#ff0000</c>. No seal rule fixes an
    /// RGB value (the 2011 invoice-seal notice says only "red"); full red is what e-seal images commonly use and it is
    /// exact in both outputs (no rounding of a fraction to 8 bits).
    /// </summary>
    public const string SvgRed = "#ff0000";

    public double WidthMillimetres { get; } = widthMillimetres;

    public double HeightMillimetres { get; } = heightMillimetres;

    public string Title { get; } = title;

    public List<SealPath> Paths { get; } = [];

    public double WidthPoints => WidthMillimetres * PointsPerMillimetre;

    public double HeightPoints => HeightMillimetres * PointsPerMillimetre;

    /// <summary>The form's content: red fill, a matrix from millimetres about the centre to points from the corner, the paths.</summary>
    public byte[] ToPdfContent()
    {
        // Round joins and caps (§8.4.3.4) match the SVG's stroke-linejoin; they only matter for stroked lettering.
        var content = new StringBuilder("q\n1 0 0 rg\n1 0 0 RG\n1 j\n1 J\n");
        var k = PointsPerMillimetre.ToString("0.#####", CultureInfo.InvariantCulture);
        content.Append(CultureInfo.InvariantCulture, $"{k} 0 0 {k} {Number(WidthPoints / 2)} {Number(HeightPoints / 2)} cm\n");
        foreach (var path in Paths)
        {
            path.WritePdf(content);
        }

        content.Append("Q\n");
        return Encoding.ASCII.GetBytes(content.ToString());
    }

    /// <summary>A standalone SVG in millimetres; the group flips y so the path data equals the PDF's.</summary>
    public string ToSvg()
    {
        var w = SealPath.Number(WidthMillimetres);
        var h = SealPath.Number(HeightMillimetres);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}mm\" height=\"{h}mm\" viewBox=\"0 0 {w} {h}\">\n");
        svg.Append("<title>").Append(SecurityElement.Escape(Title)).Append("</title>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<g fill=\"{SvgRed}\" stroke=\"{SvgRed}\" stroke-width=\"0\" stroke-linejoin=\"round\" stroke-linecap=\"round\" transform=\"matrix(1 0 0 -1 {Number(WidthMillimetres / 2)} {Number(HeightMillimetres / 2)})\">\n");
        foreach (var path in Paths)
        {
            svg.Append("<path d=\"").Append(path.ToSvgData()).Append('"');
            if (path.StrokeWidth is { } width)
            {
                svg.Append(" stroke-width=\"").Append(SealPath.Number(width)).Append('"');
            }

            svg.Append("/>\n");
        }

        svg.Append("</g>\n</svg>\n");
        return svg.ToString();
    }

    private static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
