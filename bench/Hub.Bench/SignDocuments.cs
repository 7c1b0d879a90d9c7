using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
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
    private readonly RSA _caKey = RSA.Create(2048);
    private readonly RSA _tsaKey = RSA.Create(2048);

    public SignDocuments()
    {
        var caRequest = new CertificateRequest("CN=Bench CA, O=Hub Bench, C=CN", _caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        SealKey = RSA.Create(2048);
        var sealRequest = new CertificateRequest("CN=Bench Contract Seal, O=Hub Bench, C=CN", SealKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        sealRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        Seal = sealRequest.Create(Ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(10), [1, 2, 3, 4]);

        var tsaRequest = new CertificateRequest("CN=Bench TSA, O=Hub Bench, C=CN", _tsaKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        tsaRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.8")], critical: true));
        var tsa = new TimestampAuthority(new TimestampAuthorityOptions(), tsaRequest.Create(Ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(10), [5, 6, 7]), _tsaKey, [], TimeProvider.System);
        Timestamps = new InProcessTimeStamper(tsa);
        Appearance = SealAppearances.Render(new SealDescription(SealKind.Contract, "上海测试贸易有限公司") { SealName = "合同专用章" });
    }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Seal { get; }

    public RSA SealKey { get; }

    public ITimeStamper Timestamps { get; }

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
        _tsaKey.Dispose();
        _caKey.Dispose();
        Seal.Dispose();
        Ca.Dispose();
    }
}
