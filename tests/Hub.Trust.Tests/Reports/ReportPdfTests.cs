using System.Text.RegularExpressions;
using Hub.Trust.Appearances.Fonts;
using Hub.Trust.Reports;
using Hub.Trust.Tests.Appearances;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Reports;

/// <summary>
/// Reports the Hub writes itself, read back by tools we did not write: poppler's pdftotext (the text and its order),
/// pdffonts (one embedded subset with a Unicode map), pdfinfo (pages) and qpdf --check (the file's structure).
/// </summary>
public sealed partial class ReportPdfTests(ITestOutputHelper output)
{
    private static readonly ReportColumn[] Columns = [new("审批环节", 2), new("审批人", 1.5), new("意见", 4)];

    [Fact]
    public async Task Write_TitleTextAndTable_ToolsReadTheTextFromOneEmbeddedSubset()
    {
        if (!Tools())
        {
            return;
        }

        var document = new ReportDocument("证据报告 EV-1")
            .Heading1("电子签章证据报告")
            .Heading("一、文件信息")
            .Text("SHA-256：" + new string('a', 64))
            .Text("用印时间：2026-11-20 10:00:00", 21)
            .Table(Columns, [["部门负责人审批", "李建国", "预算内采购"], ["法务审核", "王芳", "请补充验收条款"]]);

        var path = await WriteAsync(ReportPdf.Write(document));

        var text = Squeezed(await ExternalTool.RunCheckedAsync("pdftotext", "-enc", "UTF-8", path, "-"));
        Assert.Contains("电子签章证据报告一、文件信息SHA-256：" + new string('a', 64) + "用印时间：2026-11-2010:00:00", text, StringComparison.Ordinal);
        Assert.Contains("审批环节审批人意见部门负责人审批李建国预算内采购法务审核王芳请补充验收条款", text, StringComparison.Ordinal);
        Assert.Contains("第1页，共1页", text, StringComparison.Ordinal);
        var font = Assert.Single(Fonts(await ExternalTool.RunCheckedAsync("pdffonts", path)));
        Assert.Matches(@"^[A-Z]{6}\+ARPLUMingCN\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes\s", font);
        Assert.Contains("Title:           证据报告 EV-1", await ExternalTool.RunCheckedAsync("pdfinfo", path), StringComparison.Ordinal);
        await ExternalTool.RunCheckedAsync("qpdf", "--check", path);
    }

    [Fact]
    public void Write_SameDocumentTwice_SameBytes()
    {
        if (!AppearanceTools.HasFont(output))
        {
            return;
        }

        ReportDocument Document() => new ReportDocument("t").Text("同一份报告").Table(Columns, [["a", "b", "c"]]);
        var at = new ReportPdfOptions { CreatedAt = new DateTimeOffset(2026, 12, 7, 4, 0, 0, TimeSpan.Zero) };

        Assert.Equal(ReportPdf.Write(Document(), at), ReportPdf.Write(Document(), at));
    }

    [Fact]
    public async Task Write_HostileText_ControlCharactersDroppedMissingGlyphsKeptOutAndTheFileStaysValid()
    {
        if (!Tools())
        {
            return;
        }

        var document = new ReportDocument("\u0000)>>endobj\u202e")
            .Text("意见\u0000\u0007\u001b[31m：同意\t✓😀\uFEFF)\\(endstream")
            .Table(Columns, [["<</Type/Catalog>>", "\r\n\r\n", "%%EOF"]]);

        var path = await WriteAsync(ReportPdf.Write(document));

        var text = Squeezed(await ExternalTool.RunCheckedAsync("pdftotext", "-enc", "UTF-8", path, "-"));
        Assert.Contains("意见[31m：同意", text, StringComparison.Ordinal);
        Assert.Contains(")\\(endstream", text, StringComparison.Ordinal);
        Assert.Contains("<</Type/Catalog>>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("😀", text, StringComparison.Ordinal);
        await ExternalTool.RunCheckedAsync("qpdf", "--check", path);
    }

    [Fact]
    public async Task Write_TextLongerThanAPage_FlowsOntoMorePagesInOrder()
    {
        if (!Tools())
        {
            return;
        }

        var numbers = string.Concat(Enumerable.Range(0, 3000).Select(i => $"第{i}条"));
        var path = await WriteAsync(ReportPdf.Write(new ReportDocument("long").Text(numbers)));

        var pages = int.Parse(PagesLine().Match(await ExternalTool.RunCheckedAsync("pdfinfo", path)).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(pages, 3, 60);
        var text = Squeezed(await ExternalTool.RunCheckedAsync("pdftotext", "-enc", "UTF-8", "-nopgbrk", path, "-"));
        Assert.Contains(numbers[..2000], FooterFree(text), StringComparison.Ordinal);
        Assert.EndsWith("第2999条", FooterFree(text), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_TableCellTallerThanAPage_SplitsTheRowAndRepeatsTheHeaderOnEveryPage()
    {
        if (!Tools())
        {
            return;
        }

        var comment = string.Concat(Enumerable.Repeat("请补充验收条款并重新提交。", 400));
        var document = new ReportDocument("rows").Table(Columns, [["法务审核", "王芳", comment], ["部门负责人审批", "李建国", "同意"]]);

        var path = await WriteAsync(ReportPdf.Write(document));

        var pages = (await ExternalTool.RunCheckedAsync("pdftotext", "-enc", "UTF-8", path, "-")).Split('\f', StringSplitOptions.RemoveEmptyEntries)
            .Select(Squeezed).Where(p => p.Length > 0).ToList();
        Assert.InRange(pages.Count, 2, 20);
        Assert.All(pages, page => Assert.StartsWith("审批环节审批人意见", page, StringComparison.Ordinal));
        Assert.Contains("部门负责人审批李建国同意", pages[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Table_RowWithTooFewCells_IsRefusedNamingTheRow()
    {
        var refused = Assert.Throws<ArgumentException>(() => new ReportDocument("t").Table(Columns, [["a", "b", "c"], ["a"]]));

        Assert.StartsWith("Row 2 has 1 cells; the table has 3 columns.", refused.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new ReportDocument("t").Table([new("a", 0)], []));
        Assert.Throws<ArgumentException>(() => new ReportDocument("t").Table([new("a", double.NaN)], []));
    }

    [Fact]
    public void Break_ClosingPunctuationNeverStartsALineAndLatinWordsBreakAtSpaces()
    {
        if (!AppearanceTools.HasFont(output))
        {
            return;
        }

        var font = new ReportFont(SealFonts.Load(AppearanceTools.UmingPath));
        var breaker = new ReportLineBreaker(font);
        var text = string.Concat(Enumerable.Repeat("审批通过，签章完成。", 30)) + " verified by the platform 2026-11-20 10:00:00";
        var lines = breaker.Break(text, 10, 120);

        var characters = font.Unicode.ToDictionary(u => u.Code, u => u.CodePoint);
        var decoded = lines.Select(l => new string(l.Codes.Select(c => (char)characters[c]).ToArray())).ToList();
        Assert.Equal(text.Replace(" ", "", StringComparison.Ordinal), string.Concat(decoded).Replace(" ", "", StringComparison.Ordinal));
        Assert.All(decoded, line => Assert.DoesNotMatch("^[，。]", line));
        Assert.All(lines, line => Assert.True(line.Width <= 120 || line.Codes.Count == 1, $"{line.Width} > 120"));
        Assert.Contains(decoded, line => line.EndsWith("2026-11-20", StringComparison.Ordinal) || line.StartsWith("2026-11-20", StringComparison.Ordinal));
    }

    private bool Tools() => AppearanceTools.HasFont(output)
        && ExternalTool.Available("pdftotext", output, "apt-get install -y poppler-utils")
        && ExternalTool.Available("qpdf", output, "apt-get install -y qpdf");

    private static async Task<string> WriteAsync(byte[] pdf)
    {
        var path = Path.Combine(AppearanceTools.NewDirectory("report"), "report.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        return path;
    }

    private static IEnumerable<string> Fonts(string pdffonts) => pdffonts.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2);

    private static string Squeezed(string text) => Whitespace().Replace(text, "");

    private static string FooterFree(string text) => Footer().Replace(text, "");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"第\d+页，共\d+页")]
    private static partial Regex Footer();

    [GeneratedRegex(@"Pages:\s+(\d+)")]
    private static partial Regex PagesLine();
}
