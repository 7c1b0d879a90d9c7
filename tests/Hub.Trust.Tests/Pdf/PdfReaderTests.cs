using System.IO.Compression;
using System.Text;
using Hub.Trust.Pdf;

namespace Hub.Trust.Tests.Pdf;

/// <summary>The reader's view of a document: page tree inheritance, form fields, repairs it makes and refuses.</summary>
public sealed class PdfReaderTests
{
    [Fact]
    public void Pages_AttributesOnAncestors_AreInheritedAndOverridable()
    {
        // §7.7.3.4: Resources, MediaBox, CropBox and Rotate come from the nearest ancestor that has them.
        var reader = PdfReader.Open(new HandWrittenPdf()
            .Add(1, "<< /Type /Catalog /Pages 2 0 R >>")
            .Add(2, "<< /Type /Pages /Kids [3 0 R] /Count 2 /MediaBox [0 0 595 842] /Rotate 450 /Resources << /Font << >> >> >>")
            .Add(3, "<< /Type /Pages /Parent 2 0 R /Kids [4 0 R 5 0 R] /Count 2 /CropBox [10 10 585 832] >>")
            .Add(4, "<< /Type /Page /Parent 3 0 R >>")
            .Add(5, "<< /Type /Page /Parent 3 0 R /MediaBox [200 300 0 0] /Rotate -90 /CropBox 6 0 R >>")
            .Add(6, "[0 0 100 150.5]")
            .WithTable());

        Assert.Equal(2, reader.Pages.Count);
        var first = reader.Pages[0];
        Assert.Equal(new PdfReference(4, 0), first.Reference);
        Assert.Equal(new PdfRectangle(0, 0, 595, 842), first.MediaBox);
        Assert.Equal(new PdfRectangle(10, 10, 585, 832), first.CropBox);
        Assert.Equal(90, first.Rotate);
        Assert.NotNull(first.Resources?["Font"]);

        // Own values win; a reversed box is normalised; -90 is 270; an indirect box is followed.
        var second = reader.Pages[1];
        Assert.Equal(new PdfRectangle(0, 0, 200, 300), second.MediaBox);
        Assert.Equal(new PdfRectangle(0, 0, 100, 150.5), second.CropBox);
        Assert.Equal(270, second.Rotate);
    }

    [Fact]
    public void Pages_NoMediaBoxAnywhere_CropBoxAndMediaBoxAreNull()
    {
        var reader = PdfReader.Open(new HandWrittenPdf()
            .Add(1, "<< /Type /Catalog /Pages 2 0 R >>")
            .Add(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
            .Add(3, "<< /Type /Page /Parent 2 0 R >>")
            .WithTable());
        Assert.Null(reader.Pages[0].MediaBox);
        Assert.Null(reader.Pages[0].CropBox);
    }

    [Fact]
    public void Open_RotateNotAMultipleOfNinety_Refused()
    {
        var error = Assert.Throws<PdfFormatException>(() => PdfReader.Open(HandWrittenPdf.Minimal()
            .Add(3, "<< /Type /Page /Parent 2 0 R /Rotate 45 >>").WithTable()));
        Assert.Equal("Page 1 has a /Rotate that is not a multiple of 90.", error.Message);
    }

    [Fact]
    public void FormFields_NestedFieldsWithInheritedType_HaveQualifiedNames()
    {
        var reader = PdfReader.Open(new HandWrittenPdf()
            .Add(1, "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R 7 0 R] >> >>")
            .Add(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 200 100] >>")
            .Add(3, "<< /Type /Page /Parent 2 0 R >>")
            .Add(4, "<< /T (seals) /FT /Sig /Kids [5 0 R 6 0 R] >>")
            .Add(5, "<< /T (hq) /Parent 4 0 R /V << /Type /Sig >> >>")
            .Add(6, "<< /T <FEFF5408540C> /Parent 4 0 R >>")
            .Add(7, "<< /T (amount) /FT /Tx >>")
            .WithTable());

        Assert.Null(reader.AcroFormReference);
        Assert.Equal(["seals", "seals.hq", "seals.合同", "amount"], reader.FormFields.Select(f => f.FullName));
        Assert.Equal([true, true, true, false], reader.FormFields.Select(f => f.IsSignature));
        Assert.Equal([false, true, false, false], reader.FormFields.Select(f => f.IsSigned));
        Assert.Equal(new PdfReference(5, 0), reader.FormFields[1].Reference);
    }

    [Theory]
    [InlineData(-3)]
    [InlineData(2)]
    [InlineData(8)]
    public void Open_StartxrefAFewBytesOff_FindsTheSection(int error)
    {
        var good = HandWrittenPdf.Minimal().WithTable();
        var offset = PdfReader.Open(good).LastCrossReferenceOffset;
        var reader = PdfReader.Open(HandWrittenPdf.Minimal().WithTable(offset + error));
        Assert.Equal(offset, reader.LastCrossReferenceOffset);
        Assert.Single(reader.Pages);
    }

    [Fact]
    public void Open_StartxrefTwentyBytesOff_Refused()
    {
        var offset = PdfReader.Open(HandWrittenPdf.Minimal().WithTable()).LastCrossReferenceOffset;
        var error = Assert.Throws<PdfFormatException>(() => PdfReader.Open(HandWrittenPdf.Minimal().WithTable(offset - 20)));
        Assert.Equal($"PDF startxref offset {offset - 20} does not point to a cross-reference section ('xref' or an xref stream object).", error.Message);
    }

    [Theory]
    [InlineData(-5, true)]
    [InlineData(12, true)]
    [InlineData(40, false)]
    public void Open_ObjectOffsetOff_RepairedOnlyWithinSixteenBytes(int shift, bool repaired)
    {
        var pdf = HandWrittenPdf.Minimal().WithTable();
        var text = Encoding.Latin1.GetString(pdf);
        var real = text.IndexOf("3 0 obj", StringComparison.Ordinal);
        var broken = Encoding.Latin1.GetBytes(text.Replace($"{real:D10} 00000 n", $"{real + shift:D10} 00000 n", StringComparison.Ordinal));
        if (repaired)
        {
            Assert.Single(PdfReader.Open(broken).Pages);
        }
        else
        {
            var error = Assert.Throws<PdfFormatException>(() => PdfReader.Open(broken));
            Assert.Equal($"PDF xref offset {real + shift} of object 3 0 R does not point to '3 0 obj'.", error.Message);
        }
    }

    [Fact]
    public void GetObject_WrongGenerationOrFreeOrMissing_IsNull()
    {
        var reader = PdfReader.Open(HandWrittenPdf.Minimal().WithTable());
        Assert.Same(PdfNull.Instance, reader.GetObject(new PdfReference(3, 1)));
        Assert.Same(PdfNull.Instance, reader.GetObject(new PdfReference(40, 0)));
        Assert.False(reader.Contains(new PdfReference(3, 1)));
        Assert.True(reader.Contains(new PdfReference(3, 0)));
    }

    [Fact]
    public void GetPageContents_ArrayOfFlateStreams_DecodesAndJoinsWithNewline()
    {
        var reader = PdfReader.Open(HandWrittenPdf.Minimal()
            .Add(3, "<< /Type /Page /Parent 2 0 R /Contents [4 0 R 5 0 R] >>")
            .Add(4, HandWrittenPdf.Stream("/Filter /FlateDecode", Deflate("q 1 0 0 RG"u8.ToArray())))
            .Add(5, HandWrittenPdf.Stream("/Filter [/AHx]", "3020302030207265>"u8.ToArray()))
            .WithTable());
        Assert.Equal("q 1 0 0 RG\n0 0 0 re", Encoding.ASCII.GetString(reader.GetPageContents(reader.Pages[0])));
    }

    [Fact]
    public void DecodeStream_PngPredictorsUpAndSub_ReconstructRows()
    {
        // §7.4.4.4 with PNG filters: row 1 "Sub" (each byte adds the one to its left), row 2 "Up" (adds the byte above).
        byte[] encoded = [1, 10, 1, 1, 2, 5, 5, 5];
        var reader = PdfReader.Open(HandWrittenPdf.Minimal().WithTable());
        var stream = new PdfStream(
            new PdfDictionary().Set("Filter", new PdfName("FlateDecode")).Set("DecodeParms", new PdfDictionary()
                .Set("Predictor", new PdfInteger(12)).Set("Columns", new PdfInteger(3))),
            Deflate([.. encoded[..4], .. encoded[4..]]));
        Assert.Equal(new byte[] { 10, 11, 12, 15, 16, 17 }, reader.DecodeStream(stream));
    }

    [Fact]
    public void DecodeStream_UnsupportedFilter_RefusedNamingIt()
    {
        var reader = PdfReader.Open(HandWrittenPdf.Minimal().WithTable());
        var error = Assert.Throws<PdfFormatException>(() => reader.DecodeStream(new PdfStream(new PdfDictionary().Set("Filter", new PdfName("JBIG2Decode")), new byte[3])));
        Assert.Equal("stream uses the filter /JBIG2Decode, which this reader does not decode.", error.Message);
    }

    private static byte[] Deflate(byte[] data)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return compressed.ToArray();
    }
}
