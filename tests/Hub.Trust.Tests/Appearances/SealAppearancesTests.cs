using System.Text;
using System.Text.RegularExpressions;
using Hub.Trust.Appearances;
using Hub.Trust.Appearances.Fonts;
using Hub.Trust.Appearances.Layout;
using Hub.Trust.Pdf;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Appearances;

public sealed partial class SealAppearancesTests(ITestOutputHelper output)
{
    /// <summary>The bound per visible seal is 100 KB; "well under" is held to a quarter of it.</summary>
    private const int BudgetBytes = 25 * 1024;

    public static TheoryData<string> Seals => [.. Samples.All.Keys];

    [Theory]
    [MemberData(nameof(Seals))]
    public void Render_EachSeal_AddsWellUnder100KilobytesWithNoFont(string sample)
    {
        if (!AppearanceTools.HasFont(output))
        {
            return;
        }

        var appearance = SealAppearances.Render(Samples.All[sample]);
        var compressed = AppearancePdf.Deflate(appearance.Content.ToArray()).Length;
        var pdf = AppearancePdf.Write(appearance).Length;
        output.WriteLine($"{sample}: content {appearance.Content.Length / 1024.0:F1} KB raw, {compressed / 1024.0:F1} KB Flate; one-page PDF {pdf / 1024.0:F1} KB");

        Assert.True(compressed < BudgetBytes, $"{sample} adds {compressed} bytes compressed.");
        Assert.True(appearance.Content.Length < 4 * BudgetBytes, $"{sample} content is {appearance.Content.Length} bytes uncompressed.");
        Assert.Empty(appearance.Resources);
        Assert.DoesNotContain("Tf", Encoding.ASCII.GetString(appearance.Content.Span), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Seals))]
    public void Render_EveryCharacter_IsANonEmptyPathInPdfAndSvg(string sample)
    {
        if (!AppearanceTools.HasFont(output))
        {
            return;
        }

        var description = Samples.All[sample];
        var layout = SealLayout.Create(description, SealFonts.Load(null));
        var characters = layout.ArcText.Count + layout.CodeText.Count + layout.LineText.Count;
        var shapes = description.Kind is SealKind.Official or SealKind.Contract or SealKind.Finance ? 2 : 1;

        // One path per character after the ring (and star): each with outline segments, stroked (B) to engrave.
        Assert.Equal(shapes + characters, layout.Drawing.Paths.Count);
        Assert.All(layout.Drawing.Paths.Skip(shapes), p => Assert.True(p.SegmentCount > 4 && p.StrokeWidth > 0, "a character's path is empty"));

        var content = Encoding.ASCII.GetString(SealAppearances.Render(description).Content.Span);
        Assert.Equal(characters, PdfStrokeFill().Count(content));
        Assert.Equal(shapes, PdfFill().Count(content));
        var svg = SealAppearances.RenderSvg(description);
        Assert.Equal(shapes + characters, SvgPath().Count(svg));

        // Same coordinates: the first glyph's SVG path data equals its PDF operators.
        var glyph = layout.Drawing.Paths[shapes].ToSvgData();
        Assert.Contains($"<path d=\"{glyph}\"", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Official_IsAFormOfTheStandardSizeAndSvgOfTheSameSize()
    {
        if (!AppearanceTools.HasFont(output))
        {
            return;
        }

        var appearance = SealAppearances.Render(Samples.Official);
        var svg = SealAppearances.RenderSvg(Samples.Official);

        Assert.Equal(42 * 72 / 25.4, appearance.Width, 9);
        Assert.Equal(appearance.Width, appearance.Height);
        Assert.StartsWith("q\n1 0 0 rg\n1 0 0 RG\n1 j\n1 J\n2.83465 0 0 2.83465 59.5276 59.5276 cm\n", Encoding.ASCII.GetString(appearance.Content.Span), StringComparison.Ordinal);
        Assert.StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"42mm\" height=\"42mm\" viewBox=\"0 0 42 42\">\n<title>中华人民共和国示例科技有限公司</title>", svg, StringComparison.Ordinal);
        Assert.Contains("transform=\"matrix(1 0 0 -1 21 21)\"", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Uming_ParsesTheFontOnceAndCachesGlyphs()
    {
        if (!AppearanceTools.HasFont(output))
        {
            return;
        }

        var first = SealFonts.Load(null);
        Assert.Same(first, SealFonts.Load(AppearanceTools.UmingPath));
        Assert.Same(first.Outline(first.GlyphIndex('章')), first.Outline(first.GlyphIndex('章')));
    }

    [GeneratedRegex("^B$", RegexOptions.Multiline)]
    private static partial Regex PdfStrokeFill();

    [GeneratedRegex("^f$", RegexOptions.Multiline)]
    private static partial Regex PdfFill();

    [GeneratedRegex("<path ")]
    private static partial Regex SvgPath();
}
