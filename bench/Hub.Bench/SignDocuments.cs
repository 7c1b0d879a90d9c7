using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Hub.Testing;
using Hub.Trust.Appearances;
using Hub.Trust.Signing;
using Hub.Trust.Timestamps;

namespace Hub.Bench;

/// <summary>
/// What the signing benchmarks share: a PDF of a given size, a CA with an RSA-2048 seal certificate and an RFC 3161
/// TSA (Hub.Trust's, answering in process as a Hub node's own TSA does, the "local TSA"), and the drawn official seal.
/// </summary>
internal sealed class SignDocuments : IDisposable
{
    private readonly TestRootCa _ca = new("CN=Bench CA, O=Hub Bench, C=CN");
    private readonly TestTsa _tsa;

    public SignDocuments()
    {
        // The certificate apart from its key, as a seal's certificate is stored and as pdfsig's database imports it.
        using (var issued = _ca.IssueSeal("CN=Bench Contract Seal, O=Hub Bench, C=CN"))
        {
            SealKey = issued.GetRSAPrivateKey()!;
            Seal = X509CertificateLoader.LoadCertificate(issued.RawData);
        }

        _tsa = _ca.IssueTsa("CN=Bench TSA, O=Hub Bench, C=CN");
        Appearance = SealAppearances.Render(new SealDescription(SealKind.Contract, "上海测试贸易有限公司") { SealName = "合同专用章" });
    }

    public X509Certificate2 Ca => _ca.Certificate;

    public X509Certificate2 Seal { get; }

    public RSA SealKey { get; }

    public ITimeStamper Timestamps => _tsa.Stamper;

    public SealAppearance Appearance { get; }

    public PdfSealRequest Request(PadesLevel level) => new()
    {
        Certificate = Seal,
        PrivateKey = SealKey,
        Chain = [Ca],
        Level = level,
        Placement = SealPlacement.OnPage(0, new(380, 60, 380 + Appearance.Width, 60 + Appearance.Height)),
        Appearance = Appearance,
    };

    /// <summary>
    /// A classic-xref PDF of about <paramref name="size"/> bytes, shaped like a scanned contract: four pages, each a
    /// short text stream and one incompressible image of a quarter of the size (so size is bytes, not objects).
    /// </summary>
    public static byte[] Generate(int size)
    {
        const int pages = 4;
        var width = Math.Max(1, (size - 4096) / pages / (3 * 256));
        var image = new byte[width * 3 * 256];
        new Random(42).NextBytes(image);
        var text = "BT /F1 12 Tf 72 760 Td (Supply contract, page text) Tj ET q 451 0 0 600 72 100 cm /Im Do Q"u8.ToArray();
        using var output = new MemoryStream();
        var offsets = new List<long>();
        void Add(string dictionary, byte[]? stream = null)
        {
            offsets.Add(output.Length);
            output.Write(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{offsets.Count} 0 obj\n{dictionary}")));
            if (stream is not null)
            {
                output.Write("\nstream\n"u8);
                output.Write(stream);
                output.Write("\nendstream"u8);
            }

            output.Write("\nendobj\n"u8);
        }

        output.Write("%PDF-1.7\n"u8);
        Add("<< /Type /Catalog /Pages 2 0 R >>");
        var kids = string.Join(' ', Enumerable.Range(0, pages).Select(i => string.Create(CultureInfo.InvariantCulture, $"{4 + (3 * i)} 0 R")));
        Add(string.Create(CultureInfo.InvariantCulture, $"<< /Type /Pages /Count {pages} /MediaBox [0 0 595 842] /Kids [{kids}] >>"));
        Add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        for (var i = 0; i < pages; i++)
        {
            var first = 4 + (3 * i);
            Add(string.Create(CultureInfo.InvariantCulture, $"<< /Type /Page /Parent 2 0 R /Contents {first + 1} 0 R /Resources << /Font << /F1 3 0 R >> /XObject << /Im {first + 2} 0 R >> >> >>"));
            Add(string.Create(CultureInfo.InvariantCulture, $"<< /Length {text.Length} >>"), text);
            Add(string.Create(CultureInfo.InvariantCulture, $"<< /Type /XObject /Subtype /Image /Width {width} /Height 256 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Length {image.Length} >>"), image);
        }

        var xref = output.Length;
        var table = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"xref\n0 {offsets.Count + 1}\n0000000000 65535 f\r\n"));
        foreach (var offset in offsets)
        {
            table.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n\r\n");
        }

        table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        output.Write(Encoding.ASCII.GetBytes(table.ToString()));
        return output.ToArray();
    }

    public void Dispose()
    {
        SealKey.Dispose();
        _tsa.Dispose();
        Seal.Dispose();
        _ca.Dispose();
    }
}
