using System.Text;
using Hub.Trust.Pdf;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Pdf;

/// <summary>
/// Every file of the pyHanko corpus (../shared/data/pdf-pyhanko) is either updated twice, as two seals would be, or
/// refused with a clear message listed in <see cref="ExpectedRefusals"/>.
/// </summary>
public sealed class PdfCorpusTests(ITestOutputHelper output)
{
    /// <summary>The reviewed refusals: corpus file → fragment of the expected message. One comment per defect.</summary>
    internal static readonly Dictionary<string, string> ExpectedRefusals = new(StringComparer.Ordinal)
    {
    };

    /// <summary>Files whose original qpdf already finds fault with, so qpdf is not asked to accept the output either.</summary>
    internal static readonly Dictionary<string, string> QpdfRejectsOriginal = new(StringComparer.Ordinal)
    {
    };

    [Fact]
    public async Task Open_EveryCorpusFile_UpdatesTwiceOrRefusesAsReviewed()
    {
        var corpus = PdfTestData.Corpus(output);
        if (corpus is null)
        {
            return;
        }

        var qpdf = PdfTestData.Tool(output, "qpdf");
        var problems = new StringBuilder();
        var files = PdfTestData.CorpusFiles(corpus);
        foreach (var (name, path) in files)
        {
            var bytes = await File.ReadAllBytesAsync(path);
            var outcome = await TwoUpdates.CheckAsync(bytes, qpdf && !QpdfRejectsOriginal.ContainsKey(name));
            output.WriteLine($"{name}: {outcome.Describe()}");
            if (ExpectedRefusals.TryGetValue(name, out var fragment))
            {
                if (outcome.Refusal is null || !outcome.Refusal.Contains(fragment, StringComparison.Ordinal))
                {
                    problems.AppendLine($"{name}: expected refusal containing '{fragment}', got {outcome.Describe()}");
                }
            }
            else if (!outcome.Succeeded)
            {
                problems.AppendLine($"{name}: {outcome.Describe()}");
            }

            if (qpdf && QpdfRejectsOriginal.ContainsKey(name) && PdfTestData.Run("qpdf", "--check", path).ExitCode == 0)
            {
                problems.AppendLine($"{name}: listed as rejected by qpdf, but qpdf accepts it");
            }
        }

        Assert.True(files.Count >= 100, $"corpus has only {files.Count} PDFs");
        Assert.True(problems.Length == 0, problems.ToString());
    }
}
