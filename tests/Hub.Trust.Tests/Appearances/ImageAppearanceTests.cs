using System.Text;
using Hub.Trust.Appearances;
using Hub.Trust.Appearances.Png;
using Hub.Trust.Pdf;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Appearances;

public sealed class ImageAppearanceTests(ITestOutputHelper output)
{
    [Fact]
    public void FromPng_Rgba_GivesImageWithSoftMaskScaledToWidth()
    {
        var appearance = SealAppearances.FromPng(RedDisc(40), widthMillimetres: 42);

        Assert.Equal(42 * 72 / 25.4, appearance.Width, 9);
        Assert.Equal(appearance.Width, appearance.Height, 9);
        Assert.Equal($"q\n{appearance.Width:0.####} 0 0 {appearance.Height:0.####} 0 0 cm\n/Seal Do\nQ\n", Encoding.ASCII.GetString(appearance.Content.Span));
        var image = Assert.IsType<PdfStream>(Assert.IsType<PdfDictionary>(appearance.Resources["XObject"])["Seal"]);
        Assert.Equal(("Image", "DeviceRGB", "FlateDecode"), (image.Dictionary.GetName("Subtype"), image.Dictionary.GetName("ColorSpace"), image.Dictionary.GetName("Filter")));
        var mask = Assert.IsType<PdfStream>(image.Dictionary["SMask"]);
        Assert.Equal(("DeviceGray", 40L, 40L), (mask.Dictionary.GetName("ColorSpace"), ((PdfInteger)mask.Dictionary["Width"]!).Value, ((PdfInteger)mask.Dictionary["Height"]!).Value));
    }

    [Fact]
    public void FromPng_OpaqueGray_HasNoSoftMask()
    {
        var appearance = SealAppearances.FromPng(PngWriter.Write(4, 2, 0, new byte[8]), widthMillimetres: 20);

        var image = (PdfStream)((PdfDictionary)appearance.Resources["XObject"]!)["Seal"]!;
        Assert.Equal("DeviceGray", image.Dictionary.GetName("ColorSpace"));
        Assert.False(image.Dictionary.ContainsKey("SMask"));
        Assert.Equal(appearance.Width / 2, appearance.Height, 9);
    }

    [Fact]
    public void FromPng_WidthOutOfRange_IsRefused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SealAppearances.FromPng(RedDisc(4), widthMillimetres: 500));
        Assert.StartsWith("The seal image width must be between 10 and 100 mm.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromPng_RenderedByPdftoppm_ShowsRedWhereOpaqueAndPaperWhereTransparent()
    {
        if (!AppearanceTools.HasPdftoppm(output))
        {
            return;
        }

        var directory = AppearanceTools.NewDirectory("png-seal");
        var pdfPath = Path.Combine(directory, "seal.pdf");
        await File.WriteAllBytesAsync(pdfPath, AppearancePdf.Write(SealAppearances.FromPng(RedDisc(100))));
        await ExternalTool.RunCheckedAsync("pdftoppm", "-r", "150", "-png", "-singlefile", pdfPath, Path.Combine(directory, "page"));
        var page = PngDecoder.Decode(await File.ReadAllBytesAsync(Path.Combine(directory, "page.png")));
        var mask = new RedMask(page, page.Width, page.Height);
        output.WriteLine($"{page.Width}×{page.Height} px, red share {mask.Share:P1} (disc: {Math.PI / 4:P1})");

        Assert.True(mask[page.Width / 2, page.Height / 2]);
        Assert.Equal(((byte)255, (byte)255, (byte)255, (byte)255), page.Pixel(2, 2));
        Assert.InRange(mask.Share, (Math.PI / 4) - 0.03, (Math.PI / 4) + 0.03);
    }

    /// <summary>A square RGBA image: an opaque red disc on a fully transparent (black) background.</summary>
    private static byte[] RedDisc(int size)
    {
        var samples = new byte[size * size * 4];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var inside = Math.Pow(x + 0.5 - (size / 2.0), 2) + Math.Pow(y + 0.5 - (size / 2.0), 2) < size * size / 4.0;
                var at = 4 * ((y * size) + x);
                (samples[at], samples[at + 3]) = inside ? ((byte)230, (byte)255) : ((byte)0, (byte)0);
            }
        }

        return PngWriter.Write(size, size, 6, samples);
    }
}
