using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Hub.Server.Tests.Infrastructure;

namespace Hub.Server.Tests.Cli;

/// <summary>
/// <c>hub doc render</c> and <c>hub doc check</c> run as the real CLI (<see cref="HubProcess"/>) on the templates shipped
/// in workflows/templates and on hostile packages built from them, one per defect.
/// </summary>
public sealed partial class DocCommandTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string Templates = Path.Combine(SharedData.RepositoryRoot(), "workflows", "templates");
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-doc-cli-").FullName;

    public static TheoryData<string> Shipped => new() { "expense-reimbursement", "procurement-contract", "labour-contract" };

    [Theory]
    [MemberData(nameof(Shipped))]
    public async Task Check_ShippedTemplateAgainstItsSchema_ExitsZero(string name)
    {
        var (exit, stdout, stderr) = await HubProcess.RunAsync("doc", "check", Template(name), "--schema", Template(name, ".schema.json"));

        Assert.Equal(0, exit);
        Assert.Contains("no problems", stdout, StringComparison.Ordinal);
        Assert.Equal("", stderr.Trim());
    }

    [Fact]
    public async Task Check_SchemaWithWrongTypesAndMissingFields_ListsEveryProblemAndExitsOne()
    {
        var schema = Write("narrow.schema.json", """{"type":"object","properties":{"requestNo":{"type":"number"},"total":{"type":"string"}}}""");

        var (exit, stdout, stderr) = await HubProcess.RunAsync("doc", "check", Template("expense-reimbursement"), "--schema", schema);

        Assert.Equal(1, exit);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(12, lines.Length);
        Assert.Contains("applicant.name: unknown field 'applicant.name'", lines);
        Assert.Contains("repeat:items: unknown field 'items'", lines);
        Assert.Contains("total|uppercase: type mismatch: the format 'uppercase' needs number or integer, but the schema says 'total' is string", lines);
        Assert.Contains("if:input.total > 5000.0: condition: no matching overload for '_>_' applied to (string, double) at 1:13", lines);
        Assert.Equal($"hub: {Template("expense-reimbursement")}: 12 problem(s) against the schema.", stderr.Trim());
    }

    public static TheoryData<string, string> Hostile => new()
    {
        { "not-a-zip", "The file is not a Word document: it is not a zip package (no PK signature)." },
        { "macro", "The document carries executable content ('word/vbaProject.bin'); macros and ActiveX are refused." },
        { "dtd", "The XML part 'word/document.xml' contains a DTD (DOCTYPE); DTDs and entities are refused." },
        { "zip-bomb", "inflates more than 100 times; refused as a zip bomb." },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Check_HostilePackage_ExitsTwoWithOneLineReason(string defect, string reason)
    {
        var path = Path.Combine(_directory, defect + ".docx");
        File.WriteAllBytes(path, HostileDocx(defect));

        var (exit, stdout, stderr) = await HubProcess.RunAsync("doc", "check", path, "--schema", Template("expense-reimbursement", ".schema.json"));

        Assert.Equal(2, exit);
        Assert.Equal("", stdout.Trim());
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"hub: {path}: ", line, StringComparison.Ordinal);
        Assert.Contains(reason, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_SchemaNotJson_ExitsTwo()
    {
        var schema = Write("broken.json", "{\"type\": ");

        var (exit, _, stderr) = await HubProcess.RunAsync("doc", "check", Template("labour-contract"), "--schema", schema);

        Assert.Equal(2, exit);
        Assert.StartsWith($"hub: --schema {schema} is not valid JSON:", stderr.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_TemplateMissing_ExitsTwo()
    {
        var missing = Path.Combine(_directory, "absent.docx");

        var (exit, _, stderr) = await HubProcess.RunAsync("doc", "check", missing, "--schema", Template("labour-contract", ".schema.json"));

        Assert.Equal(2, exit);
        Assert.StartsWith($"hub: {missing}: Could not find file", stderr.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_ProcurementSample_WritesPdfWithChineseTextAtomically()
    {
        if (!ExternalTool.Available("pdftotext", output) || !ExternalTool.Available("soffice", output))
        {
            return;
        }

        var pdf = Path.Combine(_directory, "contract.pdf");

        var (exit, stdout, stderr) = await HubProcess.RunAsync("doc", "render", Template("procurement-contract"),
            "--data", Template("procurement-contract", ".sample.json"), "--out", pdf);

        Assert.True(exit == 0, stderr);
        var bytes = File.ReadAllBytes(pdf);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        Assert.Equal($"rendered {pdf} ({bytes.Length} bytes, sha256 {hash})", stdout.Trim());
        var (textExit, text) = await ExternalTool.RunAsync("pdftotext", "-enc", "UTF-8", pdf, "-");
        Assert.Equal(0, textExit);
        var compact = Whitespace().Replace(text, "");
        Assert.Contains("采购合同", compact, StringComparison.Ordinal);
        Assert.Contains("人民币壹佰贰拾玖万零陆佰零伍元整", compact, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_directory, ".*.tmp"));
    }

    [Fact]
    public async Task Render_DataWithoutRepeatedList_ExitsTwoNamingTheBindingAndWritesNothing()
    {
        var data = Write("empty.json", "{}");
        var pdf = Path.Combine(_directory, "never.pdf");

        var (exit, _, stderr) = await HubProcess.RunAsync("doc", "render", Template("procurement-contract"), "--data", data, "--out", pdf);

        Assert.Equal(2, exit);
        Assert.Equal($"hub: {Template("procurement-contract")}: repeat:lines: The repeat 'repeat:lines' has no data: 'lines' is missing.", stderr.Trim());
        Assert.False(File.Exists(pdf));
    }

    [Fact]
    public async Task Render_OutputDirectoryMissing_ExitsTwoBeforeConverting()
    {
        var pdf = Path.Combine(_directory, "no-such-folder", "out.pdf");

        var (exit, _, stderr) = await HubProcess.RunAsync("doc", "render", Template("labour-contract"),
            "--data", Template("labour-contract", ".sample.json"), "--out", pdf);

        Assert.Equal(2, exit);
        Assert.Equal($"hub: --out {pdf}: the directory {Path.GetDirectoryName(pdf)} does not exist.", stderr.Trim());
    }

    [Fact]
    public async Task Render_TimeoutOutOfRange_ExitsTwo()
    {
        var (exit, _, stderr) = await HubProcess.RunAsync("doc", "render", Template("labour-contract"),
            "--data", Template("labour-contract", ".sample.json"), "--out", Path.Combine(_directory, "x.pdf"), "--timeout", "0");

        Assert.Equal(2, exit);
        Assert.Equal("hub: --timeout 0 is out of range: give 1 to 3600 seconds.", stderr.Trim());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Template(string name, string extension = ".docx") => Path.Combine(Templates, name + extension);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>The shipped expense template with one defect added.</summary>
    private static byte[] HostileDocx(string defect)
    {
        if (defect == "not-a-zip")
        {
            return "%PDF-1.7 this is not a Word document"u8.ToArray();
        }

        using var stream = new MemoryStream();
        stream.Write(File.ReadAllBytes(Template("expense-reimbursement")));
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            switch (defect)
            {
                case "macro":
                    Put(zip, "word/vbaProject.bin", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
                    break;
                case "dtd":
                    string xml;
                    using (var reader = new StreamReader(zip.GetEntry("word/document.xml")!.Open()))
                    {
                        xml = reader.ReadToEnd();
                    }

                    // An external entity (XXE) that would read a local file if the parser resolved it.
                    var declaration = xml.IndexOf("?>", StringComparison.Ordinal) + 2;
                    xml = xml[..declaration] + "<!DOCTYPE w:document [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + xml[declaration..];
                    Put(zip, "word/document.xml", Encoding.UTF8.GetBytes(xml));
                    break;
                case "zip-bomb":
                    Put(zip, "word/media/bomb.bin", new byte[20 * 1024 * 1024]);
                    break;
            }
        }

        return stream.ToArray();
    }

    private static void Put(ZipArchive zip, string name, byte[] content)
    {
        zip.GetEntry(name)?.Delete();
        using var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
        entry.Write(content);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
