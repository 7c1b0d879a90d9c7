using System.IO.Compression;
using System.Text;
using Hub.Trust.Pdf;

namespace Hub.Trust.Tests.Pdf;

/// <summary>
/// Hostile inputs named by defect. Each must be refused with a <see cref="PdfFormatException"/> whose message names
/// the defect, within a bounded time (the harness gives up after 30 s instead of hanging) and bounded memory (the
/// reader's limits, not the machine's).
/// </summary>
public sealed class PdfHostileInputTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // 1 GiB of zeros deflates to about 1 MB: the classic decompression bomb.
    private static readonly Lazy<byte[]> GigabyteOfZeros = new(() =>
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 1024; i++)
            {
                zlib.Write(zeros);
            }
        }

        return compressed.ToArray();
    });

    [Fact]
    public async Task Open_TruncatedAtEveryByte_OpensOrRefusesCleanly()
    {
        foreach (var pdf in new[] { HandWrittenPdf.Minimal().WithTable(), HandWrittenPdf.Minimal().WithXrefStream() })
        {
            var startxref = Encoding.Latin1.GetString(pdf).LastIndexOf("startxref", StringComparison.Ordinal);
            var opened = 0;
            for (var cut = 0; cut < pdf.Length; cut++)
            {
                var outcome = await OutcomeAsync(pdf[..cut]);
                if (cut < "%PDF-".Length)
                {
                    Assert.Equal("Not a PDF: no '%PDF-' header in the first 1024 bytes.", outcome?.Message);
                }
                else if (cut < startxref + "startxref".Length)
                {
                    Assert.Equal("PDF has no 'startxref' keyword, so its cross-reference section cannot be found (ISO 32000-1 §7.5.5).", outcome?.Message);
                }

                opened += outcome is null ? 1 : 0;
            }

            // Cuts inside the trailing "%%EOF" leave a readable file.
            Assert.InRange(opened, 1, 10);
        }
    }

    [Fact]
    public async Task Open_PrevPointsToItsOwnSection_RefusedAsLoop()
    {
        var pdf = WithPrevPlaceholders(HandWrittenPdf.Minimal(), sections: 1);
        var refused = await RefusedAsync(pdf);
        Assert.Contains("cross-reference chain loops", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_TwoSectionsPointingAtEachOther_RefusedAsLoop()
    {
        var refused = await RefusedAsync(WithPrevPlaceholders(HandWrittenPdf.Minimal(), sections: 2));
        Assert.Contains("cross-reference chain loops", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("<< /A ", ">>")]
    public async Task Open_HundredThousandNestedContainers_RefusedByDepthLimit(string open, string close)
    {
        var deep = string.Concat(Enumerable.Repeat(open, 100_000)) + string.Concat(Enumerable.Repeat(close, 100_000));
        var pdf = HandWrittenPdf.Minimal().Add(1, $"<< /Type /Catalog /Pages 2 0 R /Deep {deep} >>").WithTable();
        var refused = await RefusedAsync(pdf);
        Assert.Contains("deeper than the reader limit MaxNestingDepth (256)", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetPageContents_HugeLengthWithEndstream_MeasuresToEndstream()
    {
        var pdf = HandWrittenPdf.Minimal()
            .Add(3, "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>")
            .Add(4, HandWrittenPdf.Stream(string.Empty, "0 0 m 10 10 l S"u8.ToArray(), length: "99999999999999"))
            .WithTable();
        var contents = await Task.Run(() =>
        {
            var reader = PdfReader.Open(pdf);
            return reader.GetPageContents(reader.Pages[0]);
        }).WaitAsync(Patience);
        Assert.Equal("0 0 m 10 10 l S", Encoding.ASCII.GetString(contents));
    }

    [Fact]
    public async Task GetPageContents_HugeLengthWithoutEndstream_Refused()
    {
        var pdf = HandWrittenPdf.Minimal()
            .Add(3, "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>")
            .Add(4, "<< /Length 99999999999999 >>\nstream\n0 0 m 10 10 l S")
            .WithTable();
        var refused = await RefusedAsync(pdf, use: r => r.GetPageContents(r.Pages[0]));
        Assert.Contains("Stream of object 4 has /Length 99999999999999 and no 'endstream'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_CatalogInObjectStreamBomb_RefusedByDecodedSizeLimitWithoutInflatingIt()
    {
        var pdf = HandWrittenPdf.Minimal()
            .Add(5, HandWrittenPdf.Stream("/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", GigabyteOfZeros.Value))
            .Compressed(1, stream: 5, index: 0)
            .WithXrefStream();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var refused = await RefusedAsync(pdf);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Contains("Object stream 5 decodes to more than the reader limit MaxDecodedStreamBytes (67108864 bytes)", refused.Message, StringComparison.Ordinal);

        // Generous: other tests run in parallel; inflating the bomb would take over 1 GiB.
        Assert.True(allocated < 600L * 1024 * 1024, $"reading the bomb allocated {allocated} bytes");
    }

    [Fact]
    public async Task GetPageContents_ManyLargeStreams_RefusedByTotalDecodedLimit()
    {
        var megabyte = Deflate(new byte[1 << 20]);
        var pdf = HandWrittenPdf.Minimal()
            .Add(3, "<< /Type /Page /Parent 2 0 R /Contents [4 0 R 4 0 R 4 0 R] >>")
            .Add(4, HandWrittenPdf.Stream("/Filter /FlateDecode", megabyte))
            .WithTable();
        var options = new PdfReaderOptions { MaxDecodedStreamBytes = 2 << 20, MaxTotalDecodedBytes = 5 << 19 };
        var refused = await RefusedAsync(pdf, options, r => r.GetPageContents(r.Pages[0]));
        Assert.Contains("MaxTotalDecodedBytes (2621440 bytes)", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_ObjectStreamDeclaringABillionObjects_Refused()
    {
        var pdf = HandWrittenPdf.Minimal()
            .Add(5, HandWrittenPdf.Stream("/Type /ObjStm /N 1000000000 /First 4", "1 0 << /Type /Catalog /Pages 2 0 R >>"u8.ToArray()))
            .Compressed(1, stream: 5, index: 0)
            .WithXrefStream();
        var refused = await RefusedAsync(pdf);
        Assert.Contains("Object stream 5 has a missing or out-of-range /N or /First", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_XrefStreamIndexOfNineHundredMillionEntries_Refused()
    {
        var pdf = HandWrittenPdf.Minimal().WithXrefStream("/Index [0 900000000]");
        var refused = await RefusedAsync(pdf);
        Assert.Contains("/Index that is not pairs of non-negative integers within MaxObjects", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_PageTreeKidPointingToRoot_RefusedAsCycle()
    {
        var pdf = HandWrittenPdf.Minimal()
            .Add(2, "<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 /MediaBox [0 0 200 100] >>")
            .WithTable();
        var refused = await RefusedAsync(pdf);
        Assert.Equal("PDF page tree has a cycle: object 2 0 R is reached twice.", refused.Message);
    }

    [Fact]
    public async Task Resolve_ReferencesToReferencesInALoop_Refused()
    {
        var pdf = HandWrittenPdf.Minimal().Add(4, "5 0 R").Add(5, "4 0 R").WithTable();
        var refused = await RefusedAsync(pdf, use: r => r.Resolve(new PdfReference(4, 0)));
        Assert.Equal("Object 4 0 R is a chain of more than 32 references.", refused.Message);
    }

    [Fact]
    public async Task Open_ObjectStreamWhoseLengthLivesInsideItself_RefusedAsSelfDependent()
    {
        // Object stream 5's /Length is object 6, which is stored inside object stream 5.
        var pdf = HandWrittenPdf.Minimal()
            .Add(5, HandWrittenPdf.Stream("/Type /ObjStm /N 2 /First 9", "1 0 6 38 << /Type /Catalog /Pages 2 0 R >> 48"u8.ToArray(), length: "6 0 R"))
            .Compressed(1, stream: 5, index: 0)
            .Compressed(6, stream: 5, index: 1)
            .WithXrefStream();
        var refused = await RefusedAsync(pdf);
        Assert.StartsWith("Object 5 0 R depends on itself while being read", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_TrailerWithEncrypt_RefusedAsEncrypted()
    {
        var bytes = new HandWrittenPdf { TrailerExtra = "/Encrypt 4 0 R" }
            .Add(1, "<< /Type /Catalog /Pages 2 0 R >>")
            .Add(2, "<< /Type /Pages /Kids [] /Count 0 >>")
            .Add(4, "<< /Filter /Standard /V 2 /R 3 >>")
            .WithTable();
        var refused = await RefusedAsync(bytes);
        Assert.Equal("PDF is encrypted (/Encrypt in the trailer); encrypted PDFs are refused (ISO 32000-1 §7.6).", refused.Message);
    }

    private static byte[] WithPrevPlaceholders(HandWrittenPdf pdf, int sections)
    {
        // Sections are appended after the body; each trailer's /Prev names the other (or itself), written with a
        // fixed width so the offsets can be computed before the text exists.
        var body = pdf.WithTable();
        var text = Encoding.Latin1.GetString(body);
        var xref = text.LastIndexOf("xref\n0 ", StringComparison.Ordinal);
        var prefix = text[..xref];
        var table = text[xref..text.IndexOf("trailer", xref, StringComparison.Ordinal)];
        var offsets = Enumerable.Range(0, sections).Select(i => prefix.Length + (i * (table.Length + 60))).ToArray();
        var result = new StringBuilder(prefix);
        for (var i = 0; i < sections; i++)
        {
            var section = $"{table}trailer\n<< /Size 4 /Root 1 0 R /Prev {offsets[(i + 1) % sections]:D10} >>\n";
            result.Append(section.PadRight(table.Length + 60));
        }

        result.Append($"startxref\n{offsets[0]}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(result.ToString());
    }

    private static byte[] Deflate(byte[] data)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return compressed.ToArray();
    }

    private static async Task<PdfFormatException> RefusedAsync(byte[] pdf, PdfReaderOptions? options = null, Action<PdfReader>? use = null) =>
        await Assert.ThrowsAsync<PdfFormatException>(() => Task.Run(() =>
        {
            var reader = PdfReader.Open(pdf, options);
            use?.Invoke(reader);
        }).WaitAsync(Patience));

    private static async Task<PdfFormatException?> OutcomeAsync(byte[] pdf)
    {
        try
        {
            await Task.Run(() => PdfReader.Open(pdf)).WaitAsync(Patience);
            return null;
        }
        catch (PdfFormatException refused)
        {
            return refused;
        }
    }
}
