using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hub.Server.Cli;
using Hub.Server.Tests.Infrastructure;

using static Hub.Server.Tests.Cli.InProcessCommandLine;

namespace Hub.Server.Tests.Cli;

/// <summary>
/// <c>hub pdf sign</c> and <c>hub pdf verify</c> on files from real producers, judged against
/// <c>../shared/tools/verify-pdf</c> (qpdf, pdfsig, mutool, openssl): the exit codes must agree on every file, signed
/// or not, tampered or not. The TSA is Hub.Trust's on a loopback port (<see cref="PdfCliPki"/>).
/// </summary>
[Collection(nameof(PdfCommandTests))]
public sealed partial class PdfInteropCommandTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Html =
        "<html><head><meta charset='utf-8'></head><body><h1>Supply Contract</h1><p>Party A agrees to deliver.</p>"
        + "<p>甲方（盖章）：</p><p style='page-break-after:always'>Seal here</p><p>Annex page two.</p></body></html>";

    private readonly string _directory = Directory.CreateTempSubdirectory("hub-pdf-interop-").FullName;
    private PdfCliPki _pki = null!;

    public static TheoryData<string> Producers => ["libreoffice", "chromium", "pdftocairo", "qpdf-objstreams", "qpdf-linearize"];

    public Task InitializeAsync()
    {
        _pki = new PdfCliPki(_directory);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _pki.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [MemberData(nameof(Producers))]
    public async Task Verify_ProducerFileSealedByCli_ExitCodeAgreesWithVerifyPdf(string producer)
    {
        var script = VerifyPdf();
        var pdf = script is null ? null : await ProduceAsync(producer);
        if (pdf is null)
        {
            return;
        }

        // Unsigned: both say no (verify-pdf finds no signature, ours has none to accept).
        await AssertAgreeAsync(script!, pdf, expected: 1);
        string[][] seals =
        [
            ["--keyword", "Seal here", "--appearance", "official", "--org-name", "上海测试贸易有限公司", "--seal-name", "合同专用章"],
            ["--page", "2", "--rect", "300,40,160,160", "--appearance", "finance", "--level", "B-T", "--tsa", _pki.TsaUrl.ToString()],
            ["--appearance", "none", "--level", "B-LTA", "--tsa", _pki.TsaUrl.ToString()],
        ];
        for (var n = 0; n < seals.Length; n++)
        {
            var next = Path.Combine(_directory, $"{producer}-{n + 1}.pdf");
            var (exit, _, error) = await RunAsync(["pdf", "sign", "--in", pdf, "--out", next, "--pfx", _pki.IssueSeal($"{producer} seal {n + 1}"), "--password", PdfCliPki.Password, .. seals[n]]);
            Assert.True(exit == 0, error);
            pdf = next;
            await AssertAgreeAsync(script!, pdf, expected: 0);
        }

        var (_, json, _) = await RunAsync("pdf", "verify", pdf, "--trust", _pki.CaPem, "--json");
        Assert.Equal(3, Regex.Count(json, "\"timestampValid\": true"));

        var bytes = await File.ReadAllBytesAsync(pdf);
        var appended = Path.Combine(_directory, $"{producer}-appended.pdf");
        await File.WriteAllBytesAsync(appended, [.. bytes, .. "\n%tail\n"u8]);
        await AssertAgreeAsync(script!, appended, expected: 1);
        bytes[bytes.Length / 2] ^= 0x01;
        var flipped = Path.Combine(_directory, $"{producer}-flipped.pdf");
        await File.WriteAllBytesAsync(flipped, bytes);
        await AssertAgreeAsync(script!, flipped, expected: 1);
    }

    /// <summary>
    /// B-LT ends with the DSS update that EN 319 142-1 §6.3 puts after the signature, so its signature does not reach
    /// EOF. verify-pdf fails exactly that one check; <c>pdf verify</c> follows the standard and accepts the file.
    /// </summary>
    [Fact]
    public async Task Verify_BaselineLt_ExitsZeroWhereVerifyPdfOnlyMissesEof()
    {
        var script = VerifyPdf();
        if (script is null)
        {
            return;
        }

        var input = Path.Combine(_directory, "in.pdf");
        await File.WriteAllBytesAsync(input, PdfCommandTests.MinimalPdf());
        var sealedPdf = Path.Combine(_directory, "lt.pdf");
        var (exit, _, error) = await RunAsync("pdf", "sign", "--in", input, "--out", sealedPdf, "--pfx", _pki.IssueSeal("LT Seal"), "--password", PdfCliPki.Password,
            "--level", "B-LT", "--tsa", _pki.TsaUrl.ToString());
        Assert.True(exit == 0, error);

        var (ours, text, _) = await RunAsync("pdf", "verify", sealedPdf, "--trust", _pki.CaPem);
        var (theirs, report) = await ExternalTool.RunAsync(script, sealedPdf, _pki.CaPem);
        Assert.True(ours == 0, text);
        Assert.Contains("coverage=FollowedByUpdates modifications=AllowedAdditions", text, StringComparison.Ordinal);
        Assert.Equal(1, theirs);
        Assert.Equal(["last signature does not reach the end of the file: FAIL"], report.Split('\n').Where(l => l.Contains("FAIL", StringComparison.Ordinal) && !l.StartsWith("RESULT", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("Seal here")]
    [InlineData("盖章")]
    public async Task Sign_KeywordInLibreOfficePdf_SealCentredOnTheWords(string keyword)
    {
        if (!ExternalTool.Available("pdftotext", output) || !ExternalTool.Available("qpdf", output))
        {
            return;
        }

        var pdf = await ProduceAsync("libreoffice");
        if (pdf is null)
        {
            return;
        }

        var sealedPdf = Path.Combine(_directory, "keyword.pdf");
        var (exit, _, error) = await RunAsync("pdf", "sign", "--in", pdf, "--out", sealedPdf, "--pfx", _pki.IssueSeal("Keyword Seal"), "--password", PdfCliPki.Password, "--keyword", keyword);
        Assert.True(exit == 0, error);

        var (rect, pageNumber) = await SignatureWidgetAsync(sealedPdf);
        var (x, y) = ((rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2);

        // pdftotext -bbox: the boxes (top-down y) of the words the keyword is made of, on the seal's page.
        var (_, xml) = await ExternalTool.RunAsync("pdftotext", "-bbox", "-f", $"{pageNumber}", "-l", $"{pageNumber}", sealedPdf, "-");
        var height = double.Parse(PageHeight().Match(xml).Groups[1].Value, CultureInfo.InvariantCulture);
        var words = Word().Matches(xml).Where(m => keyword.Contains(m.Groups[5].Value, StringComparison.Ordinal) || m.Groups[5].Value.Contains(keyword, StringComparison.Ordinal))
            .Select(m => Enumerable.Range(1, 4).Select(i => double.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture)).ToArray()).ToList();
        Assert.NotEmpty(words);
        output.WriteLine($"seal centre ({x:0.0}, {y:0.0}); words x {words.Min(w => w[0]):0.0}–{words.Max(w => w[2]):0.0}, y {height - words.Max(w => w[3]):0.0}–{height - words.Min(w => w[1]):0.0}");
        Assert.InRange(x, words.Min(w => w[0]), words.Max(w => w[2]));
        Assert.InRange(y, height - words.Max(w => w[3]) - 4, height - words.Min(w => w[1]) + 4);
    }

    [Fact]
    public async Task Sign_KeywordAbsent_ExitsTwoNamingThePages()
    {
        var input = Path.Combine(_directory, "in.pdf");
        await File.WriteAllBytesAsync(input, PdfCommandTests.MinimalPdf());
        var output = Path.Combine(_directory, "out.pdf");

        var (exit, _, error) = await RunAsync("pdf", "sign", "--in", input, "--out", output, "--pfx", _pki.IssueSeal("Absent Seal"), "--password", PdfCliPki.Password, "--keyword", "盖章");

        Assert.Equal(2, exit);
        Assert.Equal($"hub: {input}: The keyword '盖章' was not found in the text of pages 1 to 1.", error.TrimEnd());
        Assert.False(File.Exists(output));
    }

    private async Task AssertAgreeAsync(string script, string pdf, int expected)
    {
        var (ours, text, error) = await RunAsync("pdf", "verify", pdf, "--trust", _pki.CaPem);
        var (theirs, report) = await ExternalTool.RunAsync(script, pdf, _pki.CaPem);
        output.WriteLine($"{Path.GetFileName(pdf)}: pdf verify {ours}, verify-pdf {theirs}");
        Assert.True(expected == theirs, report);
        Assert.True(expected == ours, text + error);
    }

    private string? VerifyPdf()
    {
        var script = SharedData.Require("tools/verify-pdf", output);
        if (script is null)
        {
            return null;
        }

        return new[] { "qpdf", "pdfsig", "openssl", "python3" }.All(t => ExternalTool.Available(t, output)) ? script : null;
    }

    private async Task<string?> ProduceAsync(string producer)
    {
        if (!ExternalTool.Available(producer == "libreoffice" ? "soffice" : "chromium", output)
            || (producer is not ("libreoffice" or "chromium") && !ExternalTool.Available(producer == "pdftocairo" ? "pdftocairo" : "qpdf", output)))
        {
            return null;
        }

        var html = Path.Combine(_directory, "contract.html");
        await File.WriteAllTextAsync(html, Html, Encoding.UTF8);
        if (producer == "libreoffice")
        {
            var (code, log) = await ExternalTool.RunAsync("soffice", "--headless", "--convert-to", "pdf", "--outdir", _directory, html);
            Assert.True(code == 0, log);
            return Path.Combine(_directory, "contract.pdf");
        }

        var chromium = Path.Combine(_directory, "chromium.pdf");
        var (exit, text) = await ExternalTool.RunAsync("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", $"--print-to-pdf={chromium}", html);
        Assert.True(exit == 0 && File.Exists(chromium), text);
        if (producer == "chromium")
        {
            return chromium;
        }

        var produced = Path.Combine(_directory, producer + ".pdf");
        var (result, message) = producer switch
        {
            "pdftocairo" => await ExternalTool.RunAsync("pdftocairo", "-pdf", chromium, produced),
            "qpdf-objstreams" => await ExternalTool.RunAsync("qpdf", "--object-streams=generate", chromium, produced),
            _ => await ExternalTool.RunAsync("qpdf", "--linearize", chromium, produced),
        };
        Assert.True(result is 0 or 3, message);
        return produced;
    }

    /// <summary>
    /// The one signature widget's /Rect and its page number (from 1), read by qpdf rather than by Hub.Trust's own
    /// reader, whose object model is internal (and so the test does not check the writer with the writer's reader).
    /// </summary>
    private static async Task<(double[] Rect, int PageNumber)> SignatureWidgetAsync(string pdf)
    {
        var (exit, json) = await ExternalTool.RunAsync("qpdf", "--json=2", "--json-key=pages", "--json-key=qpdf", pdf);
        Assert.True(exit == 0, json);
        using var document = JsonDocument.Parse(json);
        var objects = document.RootElement.GetProperty("qpdf")[1];
        var widget = Assert.Single(objects.EnumerateObject().Select(o => o.Value.TryGetProperty("value", out var value) ? value : default),
            v => v.ValueKind == JsonValueKind.Object && v.TryGetProperty("/FT", out var type) && type.GetString() == "/Sig" && v.TryGetProperty("/Rect", out _));
        var rect = widget.GetProperty("/Rect").EnumerateArray().Select(n => n.GetDouble()).ToArray();
        var pageObject = widget.GetProperty("/P").GetString();
        var pages = document.RootElement.GetProperty("pages").EnumerateArray().Select(p => p.GetProperty("object").GetString()).ToList();
        Assert.Contains(pageObject, pages);
        return (rect, pages.IndexOf(pageObject) + 1);
    }

    [GeneratedRegex("<page width=\"[0-9.]+\" height=\"([0-9.]+)\"")]
    private static partial Regex PageHeight();

    [GeneratedRegex("<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">([^<]*)</word>")]
    private static partial Regex Word();
}
