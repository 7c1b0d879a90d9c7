using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Hub.Trust.Pdf;
using Hub.Trust.Signing;
using Hub.Trust.Tests.Pdf;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Signing;

/// <summary>
/// Keyword search on PDFs from real producers, against mutool's own per-character boxes (<c>mutool draw -F stext</c>).
/// LibreOffice writes Chinese as a simple CFF font with ToUnicode, Chromium as one Type3 font per few glyphs with
/// ToUnicode, and both write Latin text as TrueType subsets.
/// </summary>
public sealed partial class PageTextTests(ITestOutputHelper output, PageTextTests.Documents documents) : IClassFixture<PageTextTests.Documents>
{
    private const string Html = "<html><head><meta charset='utf-8'></head><body><p>Party A agrees to deliver.</p><p>甲方（盖章）：</p><p>Seal here</p></body></html>";


    [Theory]
    [InlineData("libreoffice", "Seal here")]
    [InlineData("libreoffice", "盖章")]
    [InlineData("chromium", "Seal here")]
    [InlineData("chromium", "盖章")]
    [InlineData("chromium", "甲方")]
    public void Find_ProducerLatinOrChineseKeyword_InsideMutoolCharacterBoxes(string producer, string keyword)
    {
        var path = Produce(producer);
        if (path is null || !ExternalTool.Available("mutool", output))
        {
            return;
        }

        var reader = PdfReader.Open(File.ReadAllBytes(path));
        var (page, found) = reader.Pages.Select((p, i) => (i, PageText.Find(reader, p, keyword))).First(f => f.Item2 is not null);
        var (left, right, bottom, top) = MutoolBox(path, page, keyword);
        output.WriteLine($"{producer} '{keyword}' page {page + 1}: ours ({found!.Value.X:0.0}, {found.Value.Y:0.0}), mutool x {left:0.0}–{right:0.0}, y {bottom:0.0}–{top:0.0}");

        Assert.InRange(found.Value.X, ((left + right) / 2) - 2, ((left + right) / 2) + 2);
        Assert.InRange(found.Value.Y, bottom, top);
    }

    [Fact]
    public void Find_KeywordNotOnPage_ReturnsNull()
    {
        var path = Produce("chromium");
        if (path is null)
        {
            return;
        }

        var reader = PdfReader.Open(File.ReadAllBytes(path));
        Assert.Null(PageText.Find(reader, reader.Pages[0], "乙方"));
    }


    /// <summary>The box from the keyword's first to last character (spaces ignored) in PDF user space.</summary>
    private static (double Left, double Right, double Bottom, double Top) MutoolBox(string path, int page, string keyword)
    {
        var (exit, xml) = ExternalTool.Run("mutool", "draw", "-F", "stext", "-o", "-", path, (page + 1).ToString(CultureInfo.InvariantCulture));
        Assert.True(exit == 0, xml);
        var height = double.Parse(PageHeight().Match(xml).Groups[1].Value, CultureInfo.InvariantCulture);
        var chars = CharQuad().Matches(xml)
            .Select(m => (Text: WebUtility.HtmlDecode(m.Groups[2].Value).Normalize(NormalizationForm.FormKC), Quad: m.Groups[1].Value.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()))
            .Where(c => !string.IsNullOrWhiteSpace(c.Text))
            .ToList();
        // mutool keeps ToUnicode's compatibility characters (Chromium's 方 is the Kangxi radical U+2F45); pdftotext
        // folds them with NFKC, and so does the search under test.
        var owner = chars.SelectMany((c, i) => Enumerable.Repeat(i, c.Text.Length)).ToList();
        var text = string.Concat(chars.Select(c => c.Text));
        var wanted = keyword.Replace(" ", string.Empty, StringComparison.Ordinal).Normalize(NormalizationForm.FormKC);
        var at = text.IndexOf(wanted, StringComparison.Ordinal);
        Assert.True(at >= 0, $"mutool does not see '{keyword}' on page {page + 1}: {text}");
        var (first, last) = (chars[owner[at]].Quad, chars[owner[at + wanted.Length - 1]].Quad);

        // A quad is ul, ur, ll, lr with y growing downwards from the top of the page.
        return (first[0], last[2 + 4], height - first[5], height - first[1]);
    }

    private string? Produce(string producer) =>
        ExternalTool.Available(producer == "libreoffice" ? "soffice" : "chromium", output) ? documents.Produce(producer) : null;

    /// <summary>Each producer's PDF, made once for all rows (a LibreOffice or Chromium start costs seconds).</summary>
    public sealed class Documents : IDisposable
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("hub-page-text-").FullName;
        private readonly Dictionary<string, string> _made = [];

        public string Produce(string producer)
        {
            lock (_made)
            {
                if (_made.TryGetValue(producer, out var made))
                {
                    return made;
                }

                var html = Path.Combine(_directory, "keyword.html");
                File.WriteAllText(html, Html);
                var pdf = Path.Combine(_directory, producer == "libreoffice" ? "keyword.pdf" : "chromium.pdf");
                var (exit, log) = producer == "libreoffice"
                    ? ExternalTool.Run("soffice", "--headless", "--convert-to", "pdf", "--outdir", _directory, html)
                    : ExternalTool.Run("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", $"--print-to-pdf={pdf}", html);
                Assert.True(exit == 0 && File.Exists(pdf), log);
                return _made[producer] = pdf;
            }
        }

        public void Dispose() => Directory.Delete(_directory, recursive: true);
    }

    [GeneratedRegex("<page [^>]*height=\"([0-9.]+)\"")]
    private static partial Regex PageHeight();

    [GeneratedRegex("<char quad=\"([^\"]+)\"[^>]* c=\"([^\"]*)\"")]
    private static partial Regex CharQuad();
}
