using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Hub.Trust.Pdf;

namespace Hub.Bench;

/// <summary>
/// Opening a PDF (xref, catalog, page tree, form fields — all read eagerly) and appending one update, from a 100 KB
/// to a 10 MB file: <c>dotnet run -c Release --project bench/Hub.Bench -- --filter '*PdfRead*'</c>.
/// </summary>
[MemoryDiagnoser]
public class PdfReadBenchmarks
{
    private byte[] _pdf = [];

    /// <summary>Approximate file size in bytes; pages of about 10 KB of content each.</summary>
    [Params(100_000, 10_000_000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup() => _pdf = Generate(Size);

    [Benchmark]
    public int Open() => PdfReader.Open(_pdf).Pages.Count;

    [Benchmark]
    public int OpenAndDecodeFirstPage()
    {
        var reader = PdfReader.Open(_pdf);
        return reader.GetPageContents(reader.Pages[0]).Length;
    }

    [Benchmark]
    public async Task<long> OpenAndAppendUpdate()
    {
        var reader = PdfReader.Open(_pdf);
        var writer = new IncrementalPdfWriter(reader);
        writer.Replace(reader.CatalogReference, reader.Catalog.Clone().Set("Marker", PdfBoolean.True));
        var update = await writer.WriteToAsync(Stream.Null);
        return update.Length;
    }

    // A classic-xref file: catalog, one page tree node, and pages each with an uncompressed content stream.
    private static byte[] Generate(int size)
    {
        var pages = Math.Max(1, size / 10_400);
        var content = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("0 0 m 100 100 l S\n", 10_000 / 18)));
        using var output = new MemoryStream();
        var offsets = new List<long>();
        void Object(string text, byte[]? stream = null)
        {
            offsets.Add(output.Length);
            output.Write(Encoding.ASCII.GetBytes($"{offsets.Count} 0 obj\n{text}"));
            if (stream is not null)
            {
                output.Write("\nstream\n"u8);
                output.Write(stream);
                output.Write("\nendstream"u8);
            }

            output.Write("\nendobj\n"u8);
        }

        output.Write("%PDF-1.7\n"u8);
        Object("<< /Type /Catalog /Pages 2 0 R >>");
        var kids = string.Join(' ', Enumerable.Range(0, pages).Select(i => $"{3 + (2 * i)} 0 R"));
        Object($"<< /Type /Pages /Count {pages} /MediaBox [0 0 595 842] /Kids [{kids}] >>");
        for (var i = 0; i < pages; i++)
        {
            Object($"<< /Type /Page /Parent 2 0 R /Contents {4 + (2 * i)} 0 R >>");
            Object($"<< /Length {content.Length} >>", content);
        }

        var xref = output.Length;
        var table = new StringBuilder($"xref\n0 {offsets.Count + 1}\n0000000000 65535 f\r\n");
        foreach (var offset in offsets)
        {
            table.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n\r\n");
        }

        table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        output.Write(Encoding.ASCII.GetBytes(table.ToString()));
        return output.ToArray();
    }
}
