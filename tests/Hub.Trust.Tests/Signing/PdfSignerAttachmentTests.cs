using System.Security.Cryptography;
using System.Text;
using Hub.Trust.Pdf;
using Hub.Trust.Signing;
using Hub.Trust.Tests.Pdf;
using Hub.Trust.Verification;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Signing;

/// <summary>
/// Files carried with a seal: embedded in the seal's own update, associated with its widget and listed in the
/// catalog, accepted by independent tools, read back per signature by the verifier, and protected: a later update
/// may add files but not change or drop an earlier seal's.
/// </summary>
public sealed class PdfSignerAttachmentTests(ITestOutputHelper output)
{
    private const string StatementOid = "2.25.1";

    [Fact]
    public async Task SealAsync_TwoSealsWithAttachments_ToolsAndVerifierAcceptAndListThem()
    {
        var script = VerifyPdf.Locate(output);
        var corpus = PdfTestData.Corpus(output);
        if (script is null || corpus is null || !ExternalTool.Available("pdfdetach", output))
        {
            return;
        }

        await using var pki = await SealingPki.CreateAsync();
        var signer = pki.Signer();
        var pdf = await File.ReadAllBytesAsync(Path.Combine(corpus, "minimal-two-pages.pdf"));
        var before = new List<byte[]>();
        for (var n = 1; n <= 2; n++)
        {
            before.Add(pdf);
            var request = await pki.RequestAsync($"Seal {n}");
            request = WithStatement(request, $"statement {n}");
            using var sealedPdf = new MemoryStream();
            await signer.SealAsync(pdf, sealedPdf, request);
            pdf = sealedPdf.ToArray();
        }

        var path = Path.Combine(pki.Directory, "sealed-with-files.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        var (passed, text) = VerifyPdf.Run(script, path, pki.CaBundle);
        output.WriteLine(text);
        Assert.True(passed, text);
        Assert.DoesNotContain("Signature is Invalid", text, StringComparison.Ordinal);
        var listing = await ExternalTool.RunCheckedAsync("pdfdetach", "-list", path);
        output.WriteLine(listing);
        Assert.Contains("2 embedded files", listing, StringComparison.Ordinal);
        // pdfdetach shows the file specifications' names; the name tree keys stay unique ("Seal2 statement.json").
        Assert.Equal(2, listing.Split('\n').Count(l => l.EndsWith(": statement.json", StringComparison.Ordinal)));

        var verdicts = new PdfSignatureVerifier(new PdfVerificationOptions { TrustAnchors = pki.Anchors, Time = pki.Pki.Time }).Verify(pdf);
        Assert.Equal(2, verdicts.Count);
        Assert.Equal([PdfModificationLevel.AllowedAdditions, PdfModificationLevel.None], verdicts.Select(v => v.Modifications));
        for (var n = 0; n < 2; n++)
        {
            var verdict = verdicts[n];
            Assert.True(verdict.IsAcceptable, string.Join("; ", verdict.Problems));
            var file = Assert.Single(verdict.Attachments);
            Assert.Equal(("statement.json", "application/json", "The approval"), (file.FileName, file.MediaType, file.Description));
            Assert.Equal($"statement {n + 1}", Encoding.UTF8.GetString(file.Content));
            Assert.Equal(Encoding.UTF8.GetBytes($"statement {n + 1}"), verdict.SignedAttributes[StatementOid].Single()[2..]);
            Assert.Equal(before[n].Length, verdict.RevisionStart);
            Assert.Equal(SHA256.HashData(before[n]), SHA256.HashData(pdf.AsSpan(0, (int)verdict.RevisionStart!.Value)));
        }
    }

    [Fact]
    public async Task Verify_LaterUpdateChangesEarlierAttachment_Disallowed()
    {
        await using var pki = await SealingPki.CreateAsync();
        var pdf = await SealedTwiceAsync(pki);
        var reader = PdfReader.Open(pdf);
        var fileSpec = (PdfReference)((PdfArray)reader.FormFields.First(f => f.FullName == "Seal1").Dictionary["AF"]!)[0];
        var stream = (PdfReference)((PdfDictionary)((PdfDictionary)reader.GetObject(fileSpec))["EF"]!)["F"]!;
        var writer = new IncrementalPdfWriter(reader);
        writer.Replace(stream, new PdfStream(new PdfDictionary().Set("Type", new PdfName("EmbeddedFile")), Encoding.UTF8.GetBytes("forged statement")));
        var tampered = await WriteAsync(writer);

        var verdicts = new PdfSignatureVerifier(new PdfVerificationOptions { TrustAnchors = pki.Anchors, Time = pki.Pki.Time }).Verify(tampered);

        Assert.Equal(PdfModificationLevel.Disallowed, verdicts[0].Modifications);
        Assert.Contains(stream.ObjectNumber, verdicts[0].ModifiedObjects);
        Assert.Equal("forged statement", Encoding.UTF8.GetString(verdicts[0].Attachments.Single().Content));
    }

    [Fact]
    public async Task Verify_LaterUpdateDropsEarlierListing_Disallowed()
    {
        await using var pki = await SealingPki.CreateAsync();
        var pdf = await SealedTwiceAsync(pki);
        var reader = PdfReader.Open(pdf);
        var writer = new IncrementalPdfWriter(reader);
        var emptyTree = writer.Add(new PdfDictionary().Set("Names", new PdfArray()));
        var catalog = reader.Catalog.Clone().Set("Names", new PdfDictionary().Set("EmbeddedFiles", emptyTree)).Set("AF", new PdfArray());
        writer.Replace(reader.CatalogReference, catalog);
        var tampered = await WriteAsync(writer);

        var verdicts = new PdfSignatureVerifier(new PdfVerificationOptions { TrustAnchors = pki.Anchors, Time = pki.Pki.Time }).Verify(tampered);

        Assert.All(verdicts, v => Assert.Equal(PdfModificationLevel.Disallowed, v.Modifications));
        Assert.All(verdicts, v => Assert.Contains(reader.CatalogReference.ObjectNumber, v.ModifiedObjects));
    }

    [Fact]
    public async Task Verify_LaterUpdateAddsNamesBesideEmbeddedFiles_Disallowed()
    {
        await using var pki = await SealingPki.CreateAsync();
        var pdf = await SealedTwiceAsync(pki);
        var reader = PdfReader.Open(pdf);
        var writer = new IncrementalPdfWriter(reader);
        var names = ((PdfDictionary)reader.Resolve(reader.Catalog["Names"])!).Clone().Set("JavaScript", new PdfDictionary().Set("Names", new PdfArray()));
        writer.Replace(reader.CatalogReference, reader.Catalog.Clone().Set("Names", names));
        var tampered = await WriteAsync(writer);

        var verdicts = new PdfSignatureVerifier(new PdfVerificationOptions { TrustAnchors = pki.Anchors, Time = pki.Pki.Time }).Verify(tampered);

        Assert.All(verdicts, v => Assert.Equal(PdfModificationLevel.Disallowed, v.Modifications));
    }

    [Fact]
    public async Task Verify_AttachmentReplacedByAFlateBomb_ReportedNotExpanded()
    {
        await using var pki = await SealingPki.CreateAsync();
        var pdf = await SealedTwiceAsync(pki);
        var reader = PdfReader.Open(pdf);
        var fileSpec = (PdfReference)((PdfArray)reader.FormFields.First(f => f.FullName == "Seal1").Dictionary["AF"]!)[0];
        var stream = (PdfReference)((PdfDictionary)((PdfDictionary)reader.GetObject(fileSpec))["EF"]!)["F"]!;
        using var bomb = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(bomb, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(new byte[SignatureAttachment.MaxContentBytes + 1]);
        }

        var writer = new IncrementalPdfWriter(reader);
        writer.Replace(stream, new PdfStream(new PdfDictionary().Set("Type", new PdfName("EmbeddedFile")).Set("Filter", new PdfName("FlateDecode")), bomb.ToArray()));
        var tampered = await WriteAsync(writer);

        var verdicts = new PdfSignatureVerifier(new PdfVerificationOptions { TrustAnchors = pki.Anchors, Time = pki.Pki.Time }).Verify(tampered);

        Assert.Empty(verdicts[0].Attachments);
        Assert.Contains(verdicts[0].Problems, p => p.StartsWith("An attachment of the signature cannot be read: attachment 'statement.json' decodes to more than", StringComparison.Ordinal));
        Assert.Equal(PdfModificationLevel.Disallowed, verdicts[0].Modifications);
        Assert.Single(verdicts[1].Attachments);
    }

    [Theory]
    [InlineData("", "application/json", "file name")]
    [InlineData("a/b.json", "application/json", "file name")]
    [InlineData("s.json", "json", "media type")]
    public async Task SealAsync_BadAttachment_RefusedBeforeWriting(string fileName, string mediaType, string complaint)
    {
        await using var pki = await SealingPki.CreateAsync();
        var request = await pki.RequestAsync("Seal One");
        request = new PdfSealRequest { Certificate = request.Certificate, PrivateKey = request.PrivateKey, Chain = request.Chain, Attachments = [new(fileName, [1], mediaType, "")] };
        using var sealedPdf = new MemoryStream();

        var error = await Assert.ThrowsAsync<PdfSigningException>(() => pki.Signer().SealAsync(HandWrittenPdf.Minimal().WithTable(), sealedPdf, request));

        Assert.Contains(complaint, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, sealedPdf.Length);
    }

    private static PdfSealRequest WithStatement(PdfSealRequest request, string statement)
    {
        var bytes = Encoding.UTF8.GetBytes(statement);
        return new PdfSealRequest
        {
            Certificate = request.Certificate,
            PrivateKey = request.PrivateKey,
            Chain = request.Chain,
            Placement = request.Placement,
            Appearance = request.Appearance,
            Attachments = [new SignatureAttachment("statement.json", bytes, "application/json", "The approval")],
            ExtraSignedAttributes = [new System.Security.Cryptography.AsnEncodedData(StatementOid, [0x04, (byte)bytes.Length, .. bytes])],
        };
    }

    private async Task<byte[]> SealedTwiceAsync(SealingPki pki)
    {
        var pdf = HandWrittenPdf.Minimal().WithTable();
        for (var n = 1; n <= 2; n++)
        {
            using var sealedPdf = new MemoryStream();
            await pki.Signer().SealAsync(pdf, sealedPdf, WithStatement(await pki.RequestAsync($"Seal {n}"), $"statement {n}"));
            pdf = sealedPdf.ToArray();
        }

        var verdicts = new PdfSignatureVerifier(new PdfVerificationOptions { TrustAnchors = pki.Anchors, Time = pki.Pki.Time }).Verify(pdf);
        Assert.All(verdicts, v => Assert.True(v.IsAcceptable, string.Join("; ", v.Problems)));
        output.WriteLine($"sealed twice: {pdf.Length} bytes");
        return pdf;
    }

    private static async Task<byte[]> WriteAsync(IncrementalPdfWriter writer)
    {
        using var result = new MemoryStream();
        await writer.WriteToAsync(result);
        return result.ToArray();
    }
}
