using System.Globalization;
using System.IO.Compression;
using System.Text;
using Hub.Trust.Pdf;
using Hub.Trust.Signing;
using Hub.Trust.Tests.Pdf;

namespace Hub.Trust.Tests.Appearances;

/// <summary>
/// A one-page PDF whose page is exactly the appearance's box and draws it as a Form XObject, as the signer's widget
/// will: the direct streams in its resources become indirect objects, the content is Flate-compressed.
/// </summary>
internal static class AppearancePdf
{
    public static byte[] Write(SealAppearance appearance)
    {
        var pdf = new HandWrittenPdf();
        var next = 6;
        var resources = Hoist(appearance.Resources, pdf, ref next);
        var box = string.Create(CultureInfo.InvariantCulture, $"[0 0 {appearance.Width:0.####} {appearance.Height:0.####}]");
        pdf.Add(1, "<< /Type /Catalog /Pages 2 0 R >>")
            .Add(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
            .Add(3, $"<< /Type /Page /Parent 2 0 R /MediaBox {box} /Resources << /XObject << /Seal 4 0 R >> >> /Contents 5 0 R >>")
            .Add(4, HandWrittenPdf.Stream($"/Type /XObject /Subtype /Form /BBox {box} /Resources {resources} /Filter /FlateDecode", Deflate(appearance.Content.ToArray())))
            .Add(5, HandWrittenPdf.Stream(string.Empty, "/Seal Do\n"u8.ToArray()));
        return pdf.WithTable();
    }

    /// <summary>The appearance's content compressed as the signer may store it.</summary>
    public static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    private static PdfObject Hoist(PdfObject value, HandWrittenPdf pdf, ref int next)
    {
        switch (value)
        {
            case PdfStream stream:
                var hoisted = (PdfDictionary)Hoist(stream.Dictionary, pdf, ref next);
                var number = next++;
                pdf.Add(number, [.. Encoding.Latin1.GetBytes(new PdfStream(hoisted, stream.EncodedData).ToString())]);
                return new PdfReference(number, 0);
            case PdfDictionary dictionary:
                var copy = new PdfDictionary();
                foreach (var (key, item) in dictionary)
                {
                    copy.Set(key, Hoist(item, pdf, ref next));
                }

                return copy;
            default:
                return value;
        }
    }
}
