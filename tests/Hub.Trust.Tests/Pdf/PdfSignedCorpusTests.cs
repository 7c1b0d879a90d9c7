using System.Text.RegularExpressions;
using Hub.Trust.Pdf;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Pdf;

/// <summary>
/// Files of the corpus that already carry signatures: after two incremental updates, poppler's pdfsig (an independent
/// verifier) must still find every earlier signature intact, because the signed bytes are an untouched prefix.
/// </summary>
public sealed partial class PdfSignedCorpusTests(ITestOutputHelper output)
{
    [Fact]
    public async Task UpdateTwice_AlreadySignedFiles_EarlierSignaturesStayValidForPdfsig()
    {
        var corpus = PdfTestData.Corpus(output);
        if (corpus is null || !ExternalTool.Available("pdfsig", output))
        {
            return;
        }

        var directory = Directory.CreateTempSubdirectory("hub-pdf-signed-").FullName;
        try
        {
            var checkedFiles = 0;
            foreach (var (name, path) in PdfTestData.CorpusFiles(corpus))
            {
                var before = ValidSignatures(ExternalTool.Run("pdfsig", path).Output);
                if (before.Count == 0 || PdfCorpusTests.ExpectedRefusals.ContainsKey(name))
                {
                    continue;
                }

                var original = await File.ReadAllBytesAsync(path);
                var (_, twice, _, _) = await TwoUpdates.AppendTwoFieldsAsync(original, PdfReader.Open(original));
                var updated = Path.Combine(directory, Path.GetFileName(name));
                await File.WriteAllBytesAsync(updated, twice);
                var report = ExternalTool.Run("pdfsig", updated).Output;
                var after = ValidSignatures(report);
                output.WriteLine($"{name}: valid before [{string.Join(", ", before)}], after [{string.Join(", ", after)}]");

                Assert.True(before.IsSubsetOf(after), $"{name}: pdfsig no longer validates all of [{string.Join(", ", before)}]:\n{report}");
                checkedFiles++;
            }

            Assert.True(checkedFiles >= 5, $"only {checkedFiles} signed corpus files were checked");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Field names of the signatures pdfsig reports as "Signature is Valid.".</summary>
    private static HashSet<string> ValidSignatures(string report) =>
        [.. SignatureBlock().Matches(report).Where(m => m.Groups["verdict"].Value == "Signature is Valid.").Select(m => m.Groups["field"].Value)];

    [GeneratedRegex(@"Signature Field Name: (?<field>[^\n]+)\n(?:  - (?!Signature Validation)[^\n]*\n)*  - Signature Validation: (?<verdict>[^\n]+)")]
    private static partial Regex SignatureBlock();
}
