using System.Text;
using Hub.Trust.Appearances.Drawing;
using Hub.Trust.Appearances.Fonts;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Appearances;

public sealed class TrueTypeFontTests(ITestOutputHelper output)
{
    [Fact]
    public void Parse_BuiltFont_MapsCharactersAndAdvances()
    {
        var font = TrueTypeFont.Parse(new FontBuilder().Build());

        Assert.Equal((1000, 3, 880, -120), (font.UnitsPerEm, font.GlyphCount, font.Ascender, font.Descender));
        Assert.Equal((1, 2, 0), (font.GlyphIndex('A'), font.GlyphIndex('B'), font.GlyphIndex('C')));
        Assert.Equal((500, 1000, 1000), (font.AdvanceWidth(0), font.AdvanceWidth(1), font.AdvanceWidth(2)));
    }

    [Fact]
    public void Outline_SimpleGlyph_KeepsPointsAndOnCurveFlags()
    {
        var outline = TrueTypeFont.Parse(new FontBuilder().Build()).Outline(1);

        var contour = Assert.Single(outline.Contours);
        Assert.Equal([new(0, 0, true), new(500, 0, true), new(500, 500, false), new GlyphPoint(0, 500, true)], contour);
    }

    [Fact]
    public void Outline_CompositeGlyph_AppliesComponentScaleThenOffset()
    {
        var font = TrueTypeFont.Parse(new FontBuilder().Build());

        Assert.True(font.IsComposite(2));
        var contour = Assert.Single(font.Outline(2).Contours);
        Assert.Equal([new(100, 200, true), new(350, 200, true), new(350, 450, false), new GlyphPoint(100, 450, true)], contour);
    }

    [Fact]
    public void Glyph_QuadraticCorner_BecomesTheEquivalentCubic()
    {
        var outline = TrueTypeFont.Parse(new FontBuilder().Build()).Outline(1);

        var path = new SealPath().Glyph(outline, Transform.Identity);

        // Cubic controls lie 2/3 of the way from each end to the quadratic control (500, 500).
        Assert.Equal("M0 0L500 0C500 333.33 333.33 500 0 500L0 0Z", path.ToSvgData());
    }

    [Fact]
    public void Outline_CompositeReferringToItself_IsRefused()
    {
        var bytes = new FontBuilder { Composite = FontBuilder.CompositeOf(component: 2, dx: 0, dy: 0, scale: 1) }.Build();

        var error = Assert.Throws<InvalidDataException>(() => TrueTypeFont.Parse(bytes).Outline(2));
        Assert.Equal("Composite glyph 2 refers to itself.", error.Message);
    }

    [Fact]
    public void Outline_LocaRunningBackwards_IsRefused()
    {
        var bytes = new FontBuilder { LocaOverride = (40, 10) }.Build();

        var error = Assert.Throws<InvalidDataException>(() => TrueTypeFont.Parse(bytes).Outline(1));
        Assert.Equal("The font's 'loca' entry for glyph 1 runs backwards (40 > 10).", error.Message);
    }

    [Fact]
    public void Outline_GlyphBeyondGlyfTable_IsRefused()
    {
        var bytes = new FontBuilder { LocaOverride = (0, 1_000_000) }.Build();

        var error = Assert.Throws<InvalidDataException>(() => TrueTypeFont.Parse(bytes).Outline(1));
        Assert.StartsWith("The glyph 1 is truncated: 1000000 bytes at offset 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Outline_FlagRepeatBeyondPoints_IsRefused()
    {
        var square = FontBuilder.Simple();
        square[14] = 1 | 0x08;
        square[15] = 200;
        var bytes = new FontBuilder { Square = square }.Build();

        var error = Assert.Throws<InvalidDataException>(() => TrueTypeFont.Parse(bytes).Outline(1));
        Assert.Equal("Glyph 1 repeats a flag beyond its 4 points.", error.Message);
    }

    [Fact]
    public void Parse_CmapSegmentsOverlapping_IsRefusedBeforeLoopingBillionsOfTimes()
    {
        var bytes = new FontBuilder { Segments = [.. Enumerable.Repeat(((ushort)0, (ushort)0xFFFE, (short)0), 1000)] }.Build();

        var error = Assert.Throws<InvalidDataException>(() => TrueTypeFont.Parse(bytes));
        Assert.Equal("The font's 'cmap' format 4 segments overlap: 131070 code points exceed the 65,536 of the BMP.", error.Message);
    }

    [Fact]
    public void Parse_TruncatedFont_IsRefused()
    {
        var bytes = new FontBuilder().Build();

        var error = Assert.Throws<InvalidDataException>(() => TrueTypeFont.Parse(bytes.AsMemory(0, 100)));
        Assert.Contains("is truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CffOpenTypeFont_IsRefusedNamingTheFix()
    {
        var bytes = new FontBuilder { Magic = "OTTO" }.Build();

        var error = Assert.Throws<InvalidDataException>(() => TrueTypeFont.Parse(bytes));
        Assert.Equal("The font has CFF outlines ('OTTO'); seal lettering needs a TrueType-outline font such as AR PL UMing (fonts-arphic-uming).", error.Message);
    }

    [Fact]
    public void Parse_NotAFont_IsRefused()
    {
        var error = Assert.Throws<InvalidDataException>(() => TrueTypeFont.Parse(Encoding.ASCII.GetBytes("%PDF-1.7 not a font")));
        Assert.Equal("The data is not a TrueType font or collection (tag 0x25504446).", error.Message);
    }

    [Fact]
    public void Parse_BadIndexToLocFormat_IsRefused()
    {
        var error = Assert.Throws<InvalidDataException>(() => TrueTypeFont.Parse(new FontBuilder { IndexToLocFormat = 7 }.Build()));
        Assert.Equal("The font's indexToLocFormat 7 is neither 0 nor 1.", error.Message);
    }

    [Fact]
    public void Parse_Uming_MapsSealCharactersToDistinctOutlinedGlyphs()
    {
        if (!AppearanceTools.HasFont(output))
        {
            return;
        }

        var font = TrueTypeFont.Parse(File.ReadAllBytes(AppearanceTools.UmingPath));
        var glyphs = "中华公司章".Select(c => font.GlyphIndex(c)).ToArray();
        output.WriteLine($"unitsPerEm {font.UnitsPerEm}, {font.GlyphCount} glyphs, ascender {font.Ascender}, descender {font.Descender}; 中华公司章 → {string.Join(", ", glyphs)}");

        Assert.All(glyphs, g => Assert.InRange(g, 1, font.GlyphCount - 1));
        Assert.Equal(glyphs.Length, glyphs.Distinct().Count());
        Assert.All(glyphs, g => Assert.Equal(font.UnitsPerEm, font.AdvanceWidth(g)));
        Assert.All(glyphs, g => Assert.True(font.Outline(g).Contours.Count >= 2, $"glyph {g} has too few contours"));
        Assert.Equal(0, font.GlyphIndex(0x1F600));
    }

    [Fact]
    public void Outline_UmingCompositeGlyphs_ResolveToTheirComponentsContours()
    {
        if (!AppearanceTools.HasFont(output))
        {
            return;
        }

        var font = TrueTypeFont.Parse(File.ReadAllBytes(AppearanceTools.UmingPath));
        var composites = Enumerable.Range(1, font.GlyphCount - 1).Where(font.IsComposite).ToList();
        output.WriteLine($"{composites.Count} composite glyphs, first {string.Join(", ", composites.Take(5))}");

        Assert.NotEmpty(composites);
        foreach (var glyph in composites.Take(200))
        {
            var outline = font.Outline(glyph);
            Assert.False(outline.IsEmpty, $"composite glyph {glyph} resolved to nothing");
            Assert.All(outline.Contours.SelectMany(c => c), p => Assert.InRange(p.X, -2 * font.UnitsPerEm, 3 * font.UnitsPerEm));
        }
    }

    [Fact]
    public void Parse_NotoCjkCollection_IsRefusedAsCff()
    {
        const string noto = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
        if (!ExternalTool.FilesExist(output, "apt-get install -y fonts-noto-cjk", noto))
        {
            return;
        }

        var error = Assert.Throws<InvalidDataException>(() => TrueTypeFont.Parse(File.ReadAllBytes(noto)));
        Assert.StartsWith("The font has CFF outlines and no 'glyf' table", error.Message, StringComparison.Ordinal);
    }
}
