using System.Buffers.Binary;
using Hub.Trust.Appearances.Fonts;
using Hub.Trust.Tests.Appearances;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Reports;

/// <summary>The embedded subset is a TrueType font in its own right: the parser reads it back, the kept glyphs are the
/// original's, the others are empty, and the checksums hold (OpenType §"Calculating Checksums").</summary>
public sealed class TrueTypeSubsetTests(ITestOutputHelper output)
{
    [Fact]
    public void Build_Composite_KeepsItsComponentAndNotdefWithTheirOutlinesAndAdvances()
    {
        var original = TrueTypeFont.Parse(new FontBuilder().Build());

        var subset = TrueTypeFont.Parse(TrueTypeSubset.Build(original, ['B']));

        Assert.Equal(original.GlyphCount, subset.GlyphCount);
        foreach (var glyph in new[] { 1, 2 })
        {
            Assert.Equal(original.Outline(glyph).Contours, subset.Outline(glyph).Contours);
            Assert.Equal(original.AdvanceWidth(glyph), subset.AdvanceWidth(glyph));
        }
    }

    [Fact]
    public void Build_SimpleGlyphOnly_LeavesTheCompositeEmpty()
    {
        var original = TrueTypeFont.Parse(new FontBuilder().Build());

        var subset = TrueTypeFont.Parse(TrueTypeSubset.Build(original, ['A']));

        Assert.Equal(original.Outline(1).Contours, subset.Outline(1).Contours);
        Assert.Empty(subset.Outline(2).Contours);
        Assert.True(subset.GlyphRecord(2).IsEmpty);
    }

    [Fact]
    public void Build_ChecksumsOfTablesAndFile_Hold()
    {
        var bytes = TrueTypeSubset.Build(TrueTypeFont.Parse(new FontBuilder().Build()), ['A', 'B']);

        Assert.Equal(0xB1B0AFBAu, Checksum(bytes));
        var tables = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(4));
        for (var i = 0; i < tables; i++)
        {
            var record = bytes.AsSpan(12 + (16 * i));
            var offset = (int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]);
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(record[12..]);
            var table = bytes.AsSpan(offset, (length + 3) & ~3).ToArray();
            if (System.Text.Encoding.ASCII.GetString(record[..4]) == "head")
            {
                // The head table's own checksum is taken with checkSumAdjustment as zero.
                BinaryPrimitives.WriteUInt32BigEndian(table.AsSpan(8), 0);
            }

            Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(record[4..]), Checksum(table));
        }
    }

    [Fact]
    public void Build_CompositeNamingItself_EndsWithTheGlyphOnce()
    {
        var font = TrueTypeFont.Parse(new FontBuilder { Composite = FontBuilder.CompositeOf(component: 2, dx: 0, dy: 0, scale: 1) }.Build());

        var subset = TrueTypeFont.Parse(TrueTypeSubset.Build(font, ['B']));

        Assert.Equal(font.GlyphRecord(2).ToArray(), subset.GlyphRecord(2).ToArray());
    }

    [Fact]
    public void Build_CompositeNamingAGlyphBeyondTheFont_IsRefused()
    {
        var font = TrueTypeFont.Parse(new FontBuilder { Composite = FontBuilder.CompositeOf(component: 40, dx: 0, dy: 0, scale: 1) }.Build());

        var refused = Assert.Throws<InvalidDataException>(() => TrueTypeSubset.Build(font, ['B']));
        Assert.Equal("A composite glyph of the font names glyph 40, beyond its 3 glyphs.", refused.Message);
    }

    [Fact]
    public void Build_TruncatedComposite_IsRefusedAsBadFontData()
    {
        var font = TrueTypeFont.Parse(new FontBuilder { Composite = FontBuilder.CompositeOf(component: 1, dx: 0, dy: 0, scale: 1)[..12] }.Build());

        Assert.Throws<InvalidDataException>(() => TrueTypeSubset.Build(font, ['B']));
    }

    [Fact]
    public void Build_CharactersTheFontLacks_MapToNothingAndKeepOnlyNotdef()
    {
        var subset = TrueTypeFont.Parse(TrueTypeSubset.Build(TrueTypeFont.Parse(new FontBuilder().Build()), ['C', 0x1F600]));

        Assert.Equal((0, 0, 0), (subset.GlyphIndex('A'), subset.GlyphIndex('C'), subset.GlyphIndex(0x1F600)));
        Assert.True(subset.GlyphRecord(1).IsEmpty);
    }

    [Fact]
    public void Build_Cmap_MapsJustTheGivenCharacters()
    {
        var subset = TrueTypeFont.Parse(TrueTypeSubset.Build(TrueTypeFont.Parse(new FontBuilder().Build()), ['B']));

        Assert.Equal((0, 2), (subset.GlyphIndex('A'), subset.GlyphIndex('B')));
    }

    [Fact]
    public void Build_Uming_KeepsTheTextsGlyphsAndIsAFractionOfTheFace()
    {
        if (!AppearanceTools.HasFont(output))
        {
            return;
        }

        var uming = SealFonts.Load(AppearanceTools.UmingPath);
        const string text = "电子签章证据报告 SHA-256";
        var used = text.EnumerateRunes().Select(r => uming.GlyphIndex(r.Value)).ToList();
        var unused = uming.GlyphIndex('龍');

        var bytes = TrueTypeSubset.Build(uming, text.EnumerateRunes().Select(r => r.Value));
        var subset = TrueTypeFont.Parse(bytes);

        Assert.All(used, g => Assert.Equal(uming.Outline(g).Contours, subset.Outline(g).Contours));
        Assert.NotEmpty(uming.Outline(unused).Contours);
        Assert.Empty(subset.Outline(unused).Contours);
        Assert.InRange(bytes.Length, 1, uming.Table("glyf").Length / 20);
        output.WriteLine($"{used.Count} glyphs: {bytes.Length} bytes");
    }

    private static uint Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (var i = 0; i + 4 <= data.Length; i += 4)
        {
            sum = unchecked(sum + BinaryPrimitives.ReadUInt32BigEndian(data[i..]));
        }

        return sum;
    }
}
