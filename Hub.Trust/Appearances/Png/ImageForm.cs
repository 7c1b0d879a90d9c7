using System.Globalization;
using System.IO.Compression;
using System.Text;
using Hub.Trust.Appearances.Drawing;
using Hub.Trust.Pdf;
using Hub.Trust.Signing;

namespace Hub.Trust.Appearances.Png;

/// <summary>An uploaded image as a seal form: one image XObject, its alpha as a soft mask, drawn over the whole box.</summary>
internal static class ImageForm
{
    public static SealAppearance Create(PngImage image, double widthMillimetres)
    {
        if (!double.IsFinite(widthMillimetres) || widthMillimetres < 10 || widthMillimetres > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(widthMillimetres), widthMillimetres, "The seal image width must be between 10 and 100 mm.");
        }

        var width = widthMillimetres * SealDrawing.PointsPerMillimetre;
        var height = width * image.Height / image.Width;
        var dictionary = Image(image, image.IsGray ? "DeviceGray" : "DeviceRGB");
        if (image.Alpha is { } alpha)
        {
            // §11.6.5.3: a soft-mask image gives each sample's opacity; it must be DeviceGray with the image's size.
            dictionary.Set("SMask", new PdfStream(Image(image, "DeviceGray"), Deflate(alpha)));
        }

        var resources = new PdfDictionary().Set("XObject", new PdfDictionary().Set("Seal", new PdfStream(dictionary, Deflate(image.Colour))));

        // An image occupies the unit square (§8.9.4), so the matrix scales it to the box.
        var content = string.Create(CultureInfo.InvariantCulture, $"q\n{width:0.####} 0 0 {height:0.####} 0 0 cm\n/Seal Do\nQ\n");
        return new SealAppearance(width, height, Encoding.ASCII.GetBytes(content), resources);
    }

    private static PdfDictionary Image(PngImage image, string colourSpace) => new PdfDictionary()
        .Set("Type", new PdfName("XObject"))
        .Set("Subtype", new PdfName("Image"))
        .Set("Width", new PdfInteger(image.Width))
        .Set("Height", new PdfInteger(image.Height))
        .Set("ColorSpace", new PdfName(colourSpace))
        .Set("BitsPerComponent", new PdfInteger(8))
        .Set("Filter", new PdfName("FlateDecode"));

    private static byte[] Deflate(byte[] samples)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal))
        {
            zlib.Write(samples);
        }

        return output.ToArray();
    }
}
