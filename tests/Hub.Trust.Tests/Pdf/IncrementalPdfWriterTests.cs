using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Hub.Trust.Pdf;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Pdf;

/// <summary>The incremental writer's output format (ISO 32000-1 §7.5.6, §7.5.8) and its placeholder mechanism.</summary>
public sealed partial class IncrementalPdfWriterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task WriteToAsync_TableFile_AppendsTwentyByteEntriesAndChainsTrailer()
    {
        var original = new HandWrittenPdf { TrailerExtra = "/ID [<0102> <0304>] /Info 3 0 R" }
            .Add(1, "<< /Type /Catalog /Pages 2 0 R >>")
            .Add(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 200 100] >>")
            .Add(3, "<< /Type /Page /Parent 2 0 R >>")
            .WithTable();
        var reader = PdfReader.Open(original);
        var writer = new IncrementalPdfWriter(reader);
        var added = writer.Add(new PdfDictionary().Set("Note", PdfString.FromText("x")));
        writer.Replace(reader.CatalogReference, reader.Catalog.Clone().Set("Extra", added));

        var (bytes, update) = await WriteAsync(writer);
        var appended = Encoding.Latin1.GetString(bytes, original.Length, bytes.Length - original.Length);
        output.WriteLine(appended);

        Assert.Equal(original, bytes[..original.Length]);
        Assert.Equal(4, added.ObjectNumber);
        Assert.Matches(XrefTable(), appended);
        Assert.Equal(["0000000" + (original.Length).ToString("D3", System.Globalization.CultureInfo.InvariantCulture) + " 00000 n\r\n"],
            EntryLines().Matches(appended).Take(1).Select(m => m.Value));
        Assert.All(EntryLines().Matches(appended), m => Assert.Equal(20, m.Value.Length));
        Assert.Contains($"/Prev {reader.LastCrossReferenceOffset}", appended, StringComparison.Ordinal);
        Assert.Contains("/Size 5", appended, StringComparison.Ordinal);
        Assert.Contains("/Info 3 0 R", appended, StringComparison.Ordinal);
        Assert.EndsWith($"startxref\n{update.CrossReferenceOffset}\n%%EOF\n", appended, StringComparison.Ordinal);

        var reopened = PdfReader.Open(bytes);
        var id = Assert.IsType<PdfArray>(reopened.Trailer["ID"]);
        Assert.Equal(new byte[] { 1, 2 }, Assert.IsType<PdfString>(id[0]).Bytes.ToArray());
        Assert.NotEqual(new byte[] { 3, 4 }, Assert.IsType<PdfString>(id[1]).Bytes.ToArray());
        Assert.Equal(added, reopened.Catalog["Extra"]);
        Assert.Equal(PdfCrossReferenceKind.Table, reopened.CrossReferenceKind);
        Assert.Equal(2, reopened.CrossReferenceSectionCount);
    }

    [Fact]
    public async Task WriteToAsync_XrefStreamFileWithCatalogInObjectStream_AppendsXrefStreamAndPlainCatalog()
    {
        var original = HandWrittenPdf.Minimal()
            .Add(5, HandWrittenPdf.Stream("/Type /ObjStm /N 1 /First 4", "1 0 << /Type /Catalog /Pages 2 0 R >>"u8.ToArray()))
            .Compressed(1, stream: 5, index: 0)
            .WithXrefStream();
        var reader = PdfReader.Open(original);
        Assert.True(reader.IsInObjectStream(1));
        var writer = new IncrementalPdfWriter(reader);
        writer.Replace(reader.CatalogReference, reader.Catalog.Clone().Set("Lang", PdfString.FromText("zh-CN")));

        var (bytes, update) = await WriteAsync(writer);
        var appended = Encoding.Latin1.GetString(bytes, original.Length, bytes.Length - original.Length);
        output.WriteLine(appended);

        Assert.StartsWith("1 0 obj\n<</Type/Catalog/Pages 2 0 R/Lang(zh-CN)>>\nendobj\n", appended, StringComparison.Ordinal);
        var reopened = PdfReader.Open(bytes);
        Assert.Equal(PdfCrossReferenceKind.Stream, reopened.CrossReferenceKind);
        Assert.False(reopened.IsInObjectStream(1));
        Assert.Equal("zh-CN", Assert.IsType<PdfString>(reopened.Catalog["Lang"]).ToText());

        // The new xref stream (number 7: /Size was 7) lists the catalog and itself, with /W [1 4 2].
        Assert.Equal(update.CrossReferenceOffset, reopened.LastCrossReferenceOffset);
        Assert.Equal("1 1 7 1", string.Join(' ', Assert.IsType<PdfArray>(reopened.Trailer["Index"]).Select(x => ((PdfInteger)x).Value)));
        Assert.Equal("1 4 2", string.Join(' ', Assert.IsType<PdfArray>(reopened.Trailer["W"]).Select(x => ((PdfInteger)x).Value)));
        Assert.Equal(reader.LastCrossReferenceOffset, Assert.IsType<PdfInteger>(reopened.Trailer["Prev"]).Value);
        Assert.Equal(8, reopened.Size);
        if (ExternalTool.Available("qpdf", output))
        {
            var path = Path.Combine(Path.GetTempPath(), $"hub-writer-{Guid.NewGuid():N}.pdf");
            await File.WriteAllBytesAsync(path, bytes);
            var (exitCode, text) = ExternalTool.Run("qpdf", "--check", path);
            File.Delete(path);
            Assert.True(exitCode == 0, text);
        }
    }

    [Fact]
    public async Task WriteToAsync_HybridFile_AppendsClassicTableWithoutXRefStm()
    {
        var corpus = PdfTestData.Corpus(output);
        if (corpus is null)
        {
            return;
        }

        var original = await File.ReadAllBytesAsync(Path.Combine(corpus, "minimal-hybrid-xref.pdf"));
        var reader = PdfReader.Open(original);
        Assert.Equal(PdfCrossReferenceKind.Hybrid, reader.CrossReferenceKind);

        // Object 6 is listed only in the hidden xref stream (§7.5.8.4).
        Assert.Equal("TestTest", Assert.IsType<PdfString>(reader.GetObject(new PdfReference(6, 0))).ToText());
        var writer = new IncrementalPdfWriter(reader);
        writer.Add(PdfBoolean.True);
        var (bytes, _) = await WriteAsync(writer);
        var appended = Encoding.Latin1.GetString(bytes, original.Length, bytes.Length - original.Length);

        Assert.Contains("xref\n", appended, StringComparison.Ordinal);
        Assert.DoesNotContain("XRefStm", appended, StringComparison.Ordinal);
        var reopened = PdfReader.Open(bytes);
        Assert.Equal(PdfCrossReferenceKind.Table, reopened.CrossReferenceKind);
        Assert.Equal("TestTest", Assert.IsType<PdfString>(reopened.GetObject(new PdfReference(6, 0))).ToText());
    }

    [Fact]
    public async Task PatchAsync_SignatureShapedPlaceholders_LandWhereReportedAndHashExcludesOnlyTheGap()
    {
        var original = HandWrittenPdf.Minimal().WithTable();
        var writer = new IncrementalPdfWriter(PdfReader.Open(original));
        var contents = PdfPlaceholder.HexString(64);
        var byteRange = PdfPlaceholder.Text(40);
        var slot = writer.Add(new PdfDictionary()
            .Set("Type", new PdfName("Sig"))
            .Set("ByteRange", byteRange)
            .Set("Contents", contents));

        using var stream = new MemoryStream();
        var update = await writer.WriteToAsync(stream);
        var location = update.LocationOf(contents);
        var range = update.ByteRangeExcluding(contents);
        Assert.Equal((byte)'<', stream.GetBuffer()[location.Offset]);
        Assert.Equal((byte)'>', stream.GetBuffer()[location.End - 1]);
        Assert.Equal(130, location.Length);
        Assert.Equal(new PdfByteRange(0, location.Offset, location.End, update.Length - location.End), range);

        await update.PatchTextAsync(stream, byteRange, range.ToPdfArray());
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await range.HashAsync(stream, hash);
        var digest = hash.GetHashAndReset();
        await update.PatchHexStringAsync(stream, contents, digest);

        // Independent check: the digest of the file with the placeholder cut out, computed over the final bytes.
        var final = stream.ToArray();
        var outside = final[..(int)location.Offset].Concat(final[(int)location.End..]).ToArray();
        Assert.Equal(SHA256.HashData(outside), digest);
        Assert.Equal(update.Length, final.Length);

        var signature = Assert.IsType<PdfDictionary>(PdfReader.Open(final).GetObject(slot));
        var contentsValue = Assert.IsType<PdfString>(signature["Contents"]);
        Assert.Equal(digest, contentsValue.Bytes[..32].ToArray());
        Assert.All(contentsValue.Bytes[32..].ToArray(), b => Assert.Equal(0, b));
        Assert.Equal([0, location.Offset, location.End, update.Length - location.End],
            Assert.IsType<PdfArray>(signature["ByteRange"]).Select(x => Assert.IsType<PdfInteger>(x).Value));
    }

    [Fact]
    public async Task PatchHexStringAsync_ValueLargerThanPlaceholder_ThrowsWithBothSizes()
    {
        var writer = new IncrementalPdfWriter(PdfReader.Open(HandWrittenPdf.Minimal().WithTable()));
        var contents = PdfPlaceholder.HexString(8);
        writer.Add(new PdfDictionary().Set("Contents", contents));
        using var stream = new MemoryStream();
        var update = await writer.WriteToAsync(stream);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => update.PatchHexStringAsync(stream, contents, new byte[9]));
        Assert.StartsWith("The value needs 9 bytes but the placeholder holds 8; write the update again with a larger placeholder.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteToAsync_SamePlaceholderTwice_Throws()
    {
        var writer = new IncrementalPdfWriter(PdfReader.Open(HandWrittenPdf.Minimal().WithTable()));
        var contents = PdfPlaceholder.HexString(8);
        writer.Add(new PdfArray([contents, contents]));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteToAsync(new MemoryStream()));
        Assert.Equal("A placeholder was written twice; each placeholder may appear once in an update.", error.Message);
    }

    [Fact]
    public async Task WriteToAsync_AllocatedObjectWithoutValue_Throws()
    {
        var writer = new IncrementalPdfWriter(PdfReader.Open(HandWrittenPdf.Minimal().WithTable()));
        writer.Allocate();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteToAsync(new MemoryStream()));
        Assert.Equal("Object 4 0 R was allocated but never given a value.", error.Message);
    }

    [Fact]
    public async Task WriteToAsync_OutputNotAtStart_ThrowsBecauseOffsetsWouldBeWrong()
    {
        var writer = new IncrementalPdfWriter(PdfReader.Open(HandWrittenPdf.Minimal().WithTable()));
        using var output = new MemoryStream();
        output.WriteByte(0);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => writer.WriteToAsync(output));
        Assert.StartsWith("The output stream is at position 1; the PDF must start at position 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replace_ObjectNotInUse_Throws()
    {
        var writer = new IncrementalPdfWriter(PdfReader.Open(HandWrittenPdf.Minimal().WithTable()));
        var error = Assert.Throws<ArgumentException>(() => writer.Replace(new PdfReference(9, 0), PdfNull.Instance));
        Assert.StartsWith("Object 9 0 R is not an object in use in the file, so it cannot be replaced.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Set_ExistingObject_ThrowsPointingToReplace()
    {
        var writer = new IncrementalPdfWriter(PdfReader.Open(HandWrittenPdf.Minimal().WithTable()));
        var error = Assert.Throws<ArgumentException>(() => writer.Set(new PdfReference(2, 0), PdfNull.Instance));
        Assert.StartsWith("Object 2 0 R was not allocated by this writer; use Replace for existing objects.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteToAsync_FileWithoutFinalEndOfLine_StartsUpdateOnNewLine()
    {
        var original = HandWrittenPdf.Minimal().WithTable()[..^1];
        var writer = new IncrementalPdfWriter(PdfReader.Open(original));
        writer.Add(PdfBoolean.False);
        var (bytes, _) = await WriteAsync(writer);
        Assert.Equal("%%EOF\n4 0 obj\n", Encoding.Latin1.GetString(bytes, original.Length - 5, 14));
        Assert.Equal(2, PdfReader.Open(bytes).CrossReferenceSectionCount);
    }

    private static async Task<(byte[] Bytes, IncrementalUpdate Update)> WriteAsync(IncrementalPdfWriter writer)
    {
        using var stream = new MemoryStream();
        var update = await writer.WriteToAsync(stream);
        return (stream.ToArray(), update);
    }

    [GeneratedRegex(@"\nxref\n4 1\n\d{10} 00000 n\r\n1 1\n|\nxref\n1 1\n\d{10} 00000 n\r\n4 1\n\d{10} 00000 n\r\ntrailer\n")]
    private static partial Regex XrefTable();

    [GeneratedRegex(@"\d{10} \d{5} n\r\n")]
    private static partial Regex EntryLines();
}
