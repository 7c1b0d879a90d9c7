using System.Globalization;
using System.Text;
using Hub.Trust.Pdf;

namespace Hub.Trust.Signing;

/// <summary>
/// Writes a <see cref="SealAppearance"/> as Form XObjects of an update: the full form once, then per widget a small
/// wrapper that rotates it upright on a rotated page, or clips one strip of it for the paging seal.
/// </summary>
internal sealed class AppearanceObjects(IncrementalPdfWriter writer, SealAppearance appearance)
{
    private PdfReference? _full;

    /// <summary>The form for one widget: <paramref name="stripCount"/> strips, of which this is <paramref name="strip"/>; on a page rotated by <paramref name="rotate"/>.</summary>
    public PdfReference Widget(int rotate, int strip = 0, int stripCount = 1)
    {
        var full = _full ??= writer.Add(Form(appearance.Width, appearance.Height, appearance.CompressedContent, CopyResources(appearance.Resources), null));
        if (rotate == 0 && stripCount == 1)
        {
            return full;
        }

        var width = appearance.Width / stripCount;
        var content = stripCount == 1
            ? "/Seal Do"
            : string.Create(CultureInfo.InvariantCulture, $"q 0 0 {width:0.###} {appearance.Height:0.###} re W n 1 0 0 1 {-strip * width:0.###} 0 cm /Seal Do Q");
        var resources = new PdfDictionary().Set("XObject", new PdfDictionary().Set("Seal", full));

        // §8.10.1 / §12.5.5: the viewer maps the BBox transformed by /Matrix onto /Rect, so a rotation matrix alone
        // turns the seal upright on a page shown with /Rotate.
        PdfArray? matrix = rotate switch
        {
            90 => Matrix(0, 1, -1, 0),
            180 => Matrix(-1, 0, 0, -1),
            270 => Matrix(0, -1, 1, 0),
            _ => null,
        };
        return writer.Add(Form(width, appearance.Height, SealAppearance.Flate(Encoding.ASCII.GetBytes(content)), resources, matrix));
    }

    private static PdfStream Form(double width, double height, byte[] compressed, PdfDictionary resources, PdfArray? matrix)
    {
        var dictionary = new PdfDictionary()
            .Set("Type", new PdfName("XObject"))
            .Set("Subtype", new PdfName("Form"))
            .Set("BBox", new PdfRectangle(0, 0, width, height).ToArray())
            .Set("Resources", resources);
        if (matrix is not null)
        {
            dictionary.Set("Matrix", matrix);
        }

        // Seal lettering is drawn as glyph outlines: compressed, a seal costs about a third of its raw size.
        dictionary.Set("Filter", new PdfName("FlateDecode"));
        return new PdfStream(dictionary, compressed);
    }

    private static PdfArray Matrix(int a, int b, int c, int d) =>
        new([new PdfInteger(a), new PdfInteger(b), new PdfInteger(c), new PdfInteger(d), new PdfInteger(0), new PdfInteger(0)]);

    private PdfDictionary CopyResources(PdfDictionary resources) => (PdfDictionary)Copy(resources);

    // Streams given directly in the resources become indirect objects: §7.3.8 requires streams to be indirect.
    private PdfObject Copy(PdfObject value) => value switch
    {
        PdfStream stream => writer.Add(new PdfStream(CopyDictionary(stream.Dictionary), stream.EncodedData)),
        PdfDictionary dictionary => CopyDictionary(dictionary),
        PdfArray array => new PdfArray(array.Select(Copy)),
        _ => value,
    };

    private PdfDictionary CopyDictionary(PdfDictionary dictionary)
    {
        var copy = new PdfDictionary();
        foreach (var (key, value) in dictionary)
        {
            copy.Set(key, Copy(value));
        }

        return copy;
    }
}
