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
    public void Build_Composite_RenumberedWithItsComponentAfterItAndTheSameOutlineAndAdvance()
    {
        var original = TrueTypeFont.Parse(new FontBuilder().Build());

        var subset = TrueTypeFont.Parse(TrueTypeSubset.Build(original, [0, 2], new Dictionary<int, int> { ['B'] = 1 }));

        Assert.Equal(3, subset.GlyphCount);
        Assert.Equal(1, subset.GlyphIndex('B'));
        Assert.Equal([2], subset.Components(1).Select(c => c.Glyph));
        Assert.Equal(original.Outline(2).Contours, subset.Outline(1).Contours);
        Assert.Equal(original.Outline(1).Contours, subset.Outline(2).Contours);
        Assert.Equal((original.AdvanceWidth(2), original.AdvanceWidth(1), original.AdvanceWidth(0)), (subset.AdvanceWidth(1), subset.AdvanceWidth(2), subset.AdvanceWidth(0)));
    }

    [Fact]
    public void Build_SimpleGlyphOnly_HoldsJustItAndNotdef()
    {
        var original = TrueTypeFont.Parse(new FontBuilder().Build());

        var subset = TrueTypeFont.Parse(TrueTypeSubset.Build(original, [0, 1], new Dictionary<int, int> { ['A'] = 1 }));

        Assert.Equal(2, subset.GlyphCount);
        Assert.Equal(original.Outline(1).Contours, subset.Outline(1).Contours);
        Assert.Equal((1, 0), (subset.GlyphIndex('A'), subset.GlyphIndex('B')));
    }

    [Fact]
    public void Build_ChecksumsOfTablesAndFile_Hold()
    {
        var bytes = TrueTypeSubset.Build(TrueTypeFont.Parse(new FontBuilder().Build()), [0, 1, 2], new Dictionary<int, int> { ['A'] = 1, ['B'] = 2 });

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
    public void Build_CompositeNamingItself_EndsWithTheGlyphOnceNamingItsNewSelf()
    {
        var font = TrueTypeFont.Parse(new FontBuilder { Composite = FontBuilder.CompositeOf(component: 2, dx: 0, dy: 0, scale: 1) }.Build());

        var subset = TrueTypeFont.Parse(TrueTypeSubset.Build(font, [0, 2], new Dictionary<int, int>()));

        Assert.Equal(2, subset.GlyphCount);
        Assert.Equal([1], subset.Components(1).Select(c => c.Glyph));
    }

    [Fact]
    public void Build_CompositeNamingAGlyphBeyondTheFont_IsRefused()
    {
        var font = TrueTypeFont.Parse(new FontBuilder { Composite = FontBuilder.CompositeOf(component: 40, dx: 0, dy: 0, scale: 1) }.Build());

        var refused = Assert.Throws<InvalidDataException>(() => TrueTypeSubset.Build(font, [0, 2], new Dictionary<int, int>()));
        Assert.Equal("A composite glyph of the font names glyph 40, beyond its 3 glyphs.", refused.Message);
    }

    [Fact]
    public void Build_TruncatedComposite_IsRefusedAsBadFontData()
    {
        var font = TrueTypeFont.Parse(new FontBuilder { Composite = FontBuilder.CompositeOf(component: 1, dx: 0, dy: 0, scale: 1)[..12] }.Build());

        Assert.Throws<InvalidDataException>(() => TrueTypeSubset.Build(font, [0, 2], new Dictionary<int, int>()));
    }

    [Fact]
    public void Build_GlyphListNotStartingWithNotdefOrNamingAGlyphTwiceOrBeyondTheFont_IsRefused()
    {
        var font = TrueTypeFont.Parse(new FontBuilder().Build());
        var none = new Dictionary<int, int>();

        Assert.Throws<ArgumentException>(() => TrueTypeSubset.Build(font, [1], none));
        Assert.Throws<ArgumentException>(() => TrueTypeSubset.Build(font, [0, 1, 1], none));
        Assert.Throws<ArgumentOutOfRangeException>(() => TrueTypeSubset.Build(font, [0, 3], none));
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
        var glyphs = new List<int> { 0 };
        var characters = new Dictionary<int, int>();
        foreach (var rune in text.EnumerateRunes())
        {
            var glyph = uming.GlyphIndex(rune.Value);
            if (!glyphs.Contains(glyph))
            {
                glyphs.Add(glyph);
            }

            characters[rune.Value] = glyphs.IndexOf(glyph);
        }

        var bytes = TrueTypeSubset.Build(uming, glyphs, characters);
        var subset = TrueTypeFont.Parse(bytes);

        foreach (var rune in text.EnumerateRunes())
        {
            Assert.Equal(uming.Outline(uming.GlyphIndex(rune.Value)).Contours, subset.Outline(subset.GlyphIndex(rune.Value)).Contours);
        }

        Assert.Equal(0, subset.GlyphIndex('龍'));
        Assert.InRange(bytes.Length, 1, 16 * 1024);
        output.WriteLine($"{glyphs.Count} glyphs: {bytes.Length} bytes");
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
