using System.IO.Compression;
using System.Text;
using Hub.Activities.Documents.Templates;
using static Hub.Activities.Tests.Documents.DocxBuilder;

namespace Hub.Activities.Tests.Documents;

/// <summary>Hostile packages, one per defect; each must be refused at load with a message saying why.</summary>
public sealed class SafeDocxReaderTests
{
    private static byte[] Valid() => new DocxBuilder().Add(P(R("{{x}}"))).Build();

    private static byte[] Edit(byte[] docx, Action<ZipArchive> change)
    {
        using var stream = new MemoryStream();
        stream.Write(docx);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            change(zip);
        }

        return stream.ToArray();
    }

    private static void Put(ZipArchive zip, string name, byte[] content)
    {
        zip.GetEntry(name)?.Delete();
        using var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
        entry.Write(content);
    }

    private static string Read(byte[] docx, string name)
    {
        using var zip = new ZipArchive(new MemoryStream(docx));
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }

    private static string Refusal(byte[] docx, DocumentLimits? limits = null) =>
        Assert.Throws<DocumentRejectedException>(() => DocumentTemplate.Load(docx, limits)).Message;

    [Fact]
    public void Load_ValidDocx_Accepted()
    {
        var template = DocumentTemplate.Load(Valid());

        Assert.True(template.Validate(System.Text.Json.JsonDocument.Parse("""{"properties":{"x":{"type":"string"}}}""").RootElement).IsValid);
    }

    [Fact]
    public void Load_NotAZip_Refused() =>
        Assert.Equal("The file is not a Word document: it is not a zip package (no PK signature).",
            Refusal("%PDF-1.7 not a docx"u8.ToArray()));

    [Fact]
    public void Load_TruncatedZip_Refused() =>
        Assert.StartsWith("The file is not a Word document: the zip is unreadable", Refusal(Valid()[..200]), StringComparison.Ordinal);

    [Fact]
    public void Load_ZipWithoutContentTypes_Refused()
    {
        var docx = Edit(Valid(), zip => zip.GetEntry("[Content_Types].xml")!.Delete());

        Assert.Equal("The file is not a Word document: the zip has no [Content_Types].xml.", Refusal(docx));
    }

    [Fact]
    public void Load_ZipBombByRatio_Refused()
    {
        // 24 MiB of zeros deflate to about 24 KiB: a ratio near 1000.
        var docx = Edit(Valid(), zip => Put(zip, "word/bomb.bin", new byte[24 * 1024 * 1024]));

        Assert.Equal("The entry 'word/bomb.bin' inflates more than 100 times; refused as a zip bomb.", Refusal(docx));
    }

    [Fact]
    public void Load_ZipBombByTotalSize_Refused()
    {
        var random = new byte[300_000];
        new Random(7).NextBytes(random);
        var docx = Edit(Valid(), zip => Put(zip, "word/big.bin", random));

        Assert.StartsWith("The package inflates to more than 200000 bytes (at 'word/big.bin')",
            Refusal(docx, new DocumentLimits { MaxTotalUncompressedBytes = 200_000 }), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TooManyEntries_Refused()
    {
        var docx = Edit(Valid(), zip =>
        {
            for (var i = 0; i < 30; i++)
            {
                Put(zip, $"word/extra{i}.bin", [1]);
            }
        });

        Assert.StartsWith("The package has 3", Refusal(docx, new DocumentLimits { MaxEntries = 20 }), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DtdWithEntityExpansion_Refused()
    {
        var valid = Valid();
        var body = Read(valid, "word/document.xml");
        var laughs = """<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>""";
        var docx = Edit(valid, zip => Put(zip, "word/document.xml",
            Encoding.UTF8.GetBytes(laughs + body[body.IndexOf("<w:document", StringComparison.Ordinal)..])));

        Assert.Equal("The XML part 'word/document.xml' contains a DTD (DOCTYPE); DTDs and entities are refused.", Refusal(docx));
    }

    [Fact]
    public void Load_ExternalEntity_Refused()
    {
        var xxe = """<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>""";
        var docx = Edit(Valid(), zip => Put(zip, "docProps/custom.xml", Encoding.UTF8.GetBytes(xxe)));

        Assert.Equal("The XML part 'docProps/custom.xml' contains a DTD (DOCTYPE); DTDs and entities are refused.", Refusal(docx));
    }

    [Fact]
    public void Load_MalformedXml_Refused()
    {
        var docx = Edit(Valid(), zip => Put(zip, "word/document.xml", "<w:document><unclosed>"u8.ToArray()));

        Assert.StartsWith("The XML part 'word/document.xml' is not well-formed XML", Refusal(docx), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DocmContentType_Refused()
    {
        var valid = Valid();
        var types = Read(valid, "[Content_Types].xml").Replace(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            "application/vnd.ms-word.document.macroEnabled.main+xml", StringComparison.Ordinal);
        var docx = Edit(valid, zip => Put(zip, "[Content_Types].xml", Encoding.UTF8.GetBytes(types)));

        Assert.Equal("The document is macro-enabled (.docm content type or a VBA project); macros are refused.", Refusal(docx));
    }

    [Fact]
    public void Load_VbaProjectPart_Refused()
    {
        var docx = Edit(Valid(), zip => Put(zip, "word/vbaProject.bin", [0xD0, 0xCF, 0x11, 0xE0]));

        Assert.Equal("The document carries executable content ('word/vbaProject.bin'); macros and ActiveX are refused.", Refusal(docx));
    }

    [Fact]
    public void Load_EnormousImage_Refused()
    {
        var noise = new byte[5000];
        new Random(3).NextBytes(noise);
        var docx = Edit(Valid(), zip => Put(zip, "word/media/image9.png", noise));

        Assert.Equal("The image 'word/media/image9.png' has 5000 bytes, more than the limit of 4096.",
            Refusal(docx, new DocumentLimits { MaxImageBytes = 4096 }));
    }

    [Fact]
    public void Load_ZipWithoutWordDocument_Refused()
    {
        var docx = Edit(Valid(), zip => zip.GetEntry("word/document.xml")!.Delete());

        Assert.Equal("The file is not a Word document: no word/document.xml with the WordprocessingML main content type.",
            Refusal(docx));
    }
}
