using Hub.Trust.Appearances;
using Hub.Trust.Appearances.Fonts;
using Hub.Trust.Appearances.Layout;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Appearances;

public sealed class SealLayoutTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("official")]
    [InlineData("contract")]
    [InlineData("finance")]
    public void Create_RoundSeal_NameFillsTheArcInsideTheRingWithoutOverlap(string sample)
    {
        if (!AppearanceTools.HasFont(output))
        {
            return;
        }

        var description = Samples.All[sample];
        var layout = SealLayout.Create(description, SealFonts.Load(null));

        Assert.Equal(description.OrganisationName.Length, layout.ArcText.Count);
        Assert.Equal(description.OrganisationName.Select(c => (int)c), layout.ArcText.Select(g => g.CodePoint));
        Assert.InRange(layout.ArcSpanDegrees, 150, 250);

        // Every corner inside the ring, keeping the 0.5 mm gap the rules give.
        var corners = layout.ArcText.SelectMany(g => g.Corners()).ToList();
        Assert.All(corners, c => Assert.True(Radius(c) <= layout.InnerRadiusX - 0.45, $"corner at radius {Radius(c):F2} reaches the ring at {layout.InnerRadiusX:F2}"));

        // Read left to right (clockwise), tops pointing out, and neighbours' boxes apart at the inner edge of the text.
        var angles = layout.ArcText.Select(g => Math.Atan2(g.Y, g.X)).Select(a => a < -Math.PI / 2 ? a + (2 * Math.PI) : a).ToList();
        Assert.Equal(angles.OrderDescending(), angles);
        Assert.All(layout.ArcText, g => Assert.True((g.UpX * g.X) + (g.UpY * g.Y) > 0, "a character's top does not face outwards"));
        var innerRadius = Radius((layout.ArcText[0].X, layout.ArcText[0].Y)) - (layout.ArcText[0].Height / 2);
        for (var i = 1; i < angles.Count; i++)
        {
            Assert.True((angles[i - 1] - angles[i]) * innerRadius >= layout.ArcText[i].Width, $"characters {i - 1} and {i} overlap");
        }

        // Filling the arc: first and last character sit at its ends, half a slot in.
        var slot = layout.ArcSpanDegrees / layout.ArcText.Count;
        Assert.Equal(90 + (layout.ArcSpanDegrees / 2) - (slot / 2), angles[0] * 180 / Math.PI, 0.5);
        Assert.Equal(90 - (layout.ArcSpanDegrees / 2) + (slot / 2), angles[^1] * 180 / Math.PI, 0.5);
    }

    [Fact]
    public void Create_OfficialSeal_StarHasFivePointsOnA14MillimetreCircle()
    {
        if (!AppearanceTools.HasFont(output))
        {
            return;
        }

        var star = SealLayout.Create(Samples.Official, SealFonts.Load(null)).Star;

        Assert.Equal(10, star.Count);
        Assert.Equal((0, 7), (Math.Round(star[0].X, 9), Math.Round(star[0].Y, 9)));
        Assert.All(star.Where((_, i) => i % 2 == 0), p => Assert.Equal(7, Radius(p), 9));
        Assert.All(star.Where((_, i) => i % 2 == 1), p => Assert.Equal(7 * 0.381966, Radius(p), 5));
        for (var i = 0; i < 10; i += 2)
        {
            Assert.Equal(72.0 * i / 2, (450 - (Math.Atan2(star[i].Y, star[i].X) * 180 / Math.PI)) % 360, 6);
        }
    }

    [Fact]
    public void Create_SealCode_ThirteenDigitsOnTheLowerArcReadingLeftToRight()
    {
        if (!AppearanceTools.HasFont(output))
        {
            return;
        }

        var layout = SealLayout.Create(Samples.Official, SealFonts.Load(null));

        Assert.Equal("3101150012345", string.Concat(layout.CodeText.Select(g => (char)g.CodePoint)));
        Assert.All(layout.CodeText, g => Assert.InRange(Math.Atan2(g.X, -g.Y) * 180 / Math.PI, -40, 40));
        Assert.Equal(layout.CodeText.Select(g => g.X).Order(), layout.CodeText.Select(g => g.X));
        Assert.All(layout.CodeText, g => Assert.True((g.UpX * g.X) + (g.UpY * g.Y) < 0, "a digit's top does not face the centre"));
        Assert.All(layout.CodeText.SelectMany(g => g.Corners()), c => Assert.True(Radius(c) < layout.InnerRadiusX));
    }

    [Fact]
    public void Create_InvoiceSeal_FollowsThe2011Announcement()
    {
        if (!AppearanceTools.HasFont(output))
        {
            return;
        }

        var layout = SealLayout.Create(Samples.Invoice, SealFonts.Load(null));

        Assert.Equal((40, 30), (layout.Drawing.WidthMillimetres, layout.Drawing.HeightMillimetres));
        Assert.Equal((19, 14), (layout.InnerRadiusX, layout.InnerRadiusY));
        Assert.InRange(layout.ArcSpanDegrees, 210, 260);
        Assert.All(layout.ArcText.SelectMany(g => g.Corners()), c => Assert.True(Math.Pow(c.X / 19, 2) + Math.Pow(c.Y / 14, 2) < 1, $"corner ({c.X:F2}, {c.Y:F2}) leaves the oval"));

        var number = layout.LineText.Take(18).ToList();
        Assert.Equal("91440300MA5F123456", string.Concat(number.Select(g => (char)g.CodePoint)));
        Assert.All(number, g => Assert.Equal((3.7, 1.3, 0.0), (g.Height, g.Width, g.Y)));
        Assert.Equal(26, number[^1].X - number[0].X + (26.0 / 18), 9);

        var sealName = layout.LineText.Skip(18).Take(5).ToList();
        Assert.Equal("发票专用章", string.Concat(sealName.Select(g => (char)g.CodePoint)));
        Assert.All(sealName, g => Assert.Equal(-4.2, g.Y + (g.Height / 2), 9));
        Assert.Equal("(1)", string.Concat(layout.LineText.Skip(23).Select(g => (char)g.CodePoint)));
        Assert.All(layout.LineText.Skip(23), g => Assert.Equal(-10, g.Y + (g.Height / 2), 9));
    }

    [Theory]
    [InlineData("张三", "张三之印")]
    [InlineData("欧阳修", "欧阳修印")]
    [InlineData("司马相如", "司马相如")]
    public void Create_LegalRepresentative_FillsFourPlacesRightColumnFirst(string name, string expected)
    {
        if (!AppearanceTools.HasFont(output))
        {
            return;
        }

        var layout = SealLayout.Create(new SealDescription(SealKind.LegalRepresentative, string.Empty) { SealName = name }, SealFonts.Load(null));

        Assert.Equal(expected, string.Concat(layout.LineText.Select(g => (char)g.CodePoint)));
        Assert.Equal([(1, 1), (1, -1), (-1, 1), (-1, -1)], layout.LineText.Select(g => (Math.Sign(g.X), Math.Sign(g.Y))));
        Assert.All(layout.LineText.SelectMany(g => g.Corners()), c => Assert.True(Math.Max(Math.Abs(c.X), Math.Abs(c.Y)) < layout.InnerRadiusX));
    }

    [Fact]
    public void Create_PersonalSeal_SquareNameSealLikeTheLegalRepresentatives()
    {
        if (!AppearanceTools.HasFont(output))
        {
            return;
        }

        var personal = SealLayout.Create(new SealDescription(SealKind.Personal, string.Empty) { SealName = "李四" }, SealFonts.Load(null));
        var representative = SealLayout.Create(new SealDescription(SealKind.LegalRepresentative, string.Empty) { SealName = "李四" }, SealFonts.Load(null));

        Assert.Equal("李四之印", string.Concat(personal.LineText.Select(g => (char)g.CodePoint)));
        Assert.Equal((18.0, 18.0), (personal.Drawing.WidthMillimetres, personal.Drawing.HeightMillimetres));
        Assert.Equal(representative.Drawing.ToSvg(), personal.Drawing.ToSvg());
    }

    [Theory]
    [InlineData(SealKind.Official, 42, 42)]
    [InlineData(SealKind.Contract, 40, 40)]
    [InlineData(SealKind.Finance, 40, 40)]
    [InlineData(SealKind.Invoice, 40, 30)]
    [InlineData(SealKind.LegalRepresentative, 18, 18)]
    [InlineData(SealKind.Personal, 18, 18)]
    public void Create_EachKind_HasItsStandardSize(SealKind kind, double width, double height)
    {
        if (!AppearanceTools.HasFont(output))
        {
            return;
        }

        var description = Samples.All.Values.Single(d => d.Kind == kind);

        var drawing = SealLayout.Create(description, SealFonts.Load(null)).Drawing;

        Assert.Equal((width, height), (drawing.WidthMillimetres, drawing.HeightMillimetres));
    }

    [Fact]
    public void Create_SizeOverride_ScalesEverything()
    {
        if (!AppearanceTools.HasFont(output))
        {
            return;
        }

        var standard = SealLayout.Create(Samples.Official, SealFonts.Load(null));
        var larger = SealLayout.Create(new SealDescription(SealKind.Official, Samples.Official.OrganisationName) { Code = Samples.Official.Code, SizeMillimetres = 45 }, SealFonts.Load(null));

        Assert.Equal(45 * 72 / 25.4, larger.Drawing.WidthPoints, 9);
        Assert.Equal(standard.InnerRadiusX * 45 / 42, larger.InnerRadiusX, 9);
        Assert.Equal(standard.ArcText[3].Height * 45 / 42, larger.ArcText[3].Height, 9);
        Assert.Equal(Radius(standard.Star[0]) * 45 / 42, Radius(larger.Star[0]), 9);
    }

    public static TheoryData<SealDescription, string> Refusals => new()
    {
        { new SealDescription(SealKind.Official, "示例有限公司") { Code = "12345" }, "The seal code must be 13 digits (public security seal registration); got 5 characters. (Parameter 'description')" },
        { new SealDescription(SealKind.Official, " "), "The seal needs its organisation name." },
        { new SealDescription(SealKind.Invoice, "示例有限公司"), "An invoice seal needs the taxpayer identification number. (Parameter 'description')" },
        { new SealDescription(SealKind.Invoice, "示例有限公司") { TaxpayerNumber = "91-4403" }, "The taxpayer identification number must be 15 to 20 digits or capital letters. (Parameter 'description')" },
        { new SealDescription(SealKind.Contract, "示例有限公司") { TaxpayerNumber = "91440300MA5F123456" }, "A Contract seal carries no taxpayer number; only invoice seals do. (Parameter 'description')" },
        { new SealDescription(SealKind.LegalRepresentative, string.Empty) { SealName = "张" }, "A legal representative's name must have 2 to 4 characters; got 1. (Parameter 'description')" },
        { new SealDescription(SealKind.LegalRepresentative, string.Empty), "The seal needs its representative's name (SealName)." },
        { new SealDescription(SealKind.Official, "示例😀有限公司"), "The seal font has no glyph for '😀' (U+1F600) in the organisation name." },
        { new SealDescription(SealKind.Official, new string('国', 60)), "The organisation name has 60 characters, too many to stay legible on a 42 mm seal." },
        { new SealDescription(SealKind.Personal, string.Empty) { SealName = "欧阳司马青" }, "A person's name must have 2 to 4 characters; got 5. (Parameter 'description')" },
        { new SealDescription(SealKind.Personal, string.Empty), "The seal needs its person's name (SealName)." },
        { new SealDescription(SealKind.Personal, string.Empty) { SealName = "李四", Code = "3101150012345" }, "A personal name seal carries no code. (Parameter 'description')" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Create_DescriptionNotFittingItsKind_IsRefusedWithTheReason(SealDescription description, string message)
    {
        if (!AppearanceTools.HasFont(output))
        {
            return;
        }

        var error = Assert.ThrowsAny<ArgumentException>(() => SealLayout.Create(description, SealFonts.Load(null)));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Create_SizeOutsideTenToHundredMillimetres_IsRefused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SealAppearances.Render(new SealDescription(SealKind.Official, "示例") { SizeMillimetres = 5 }));
        Assert.StartsWith("The seal size must be between 10 and 100 mm.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FontPathMissing_NamesTheFile()
    {
        var error = Assert.Throws<FileNotFoundException>(() => SealAppearances.Render(Samples.Official, "/nonexistent/seal-font.ttf"));
        Assert.Equal("The seal font file '/nonexistent/seal-font.ttf' does not exist.", error.Message);
    }

    private static double Radius((double X, double Y) p) => Math.Sqrt((p.X * p.X) + (p.Y * p.Y));
}
