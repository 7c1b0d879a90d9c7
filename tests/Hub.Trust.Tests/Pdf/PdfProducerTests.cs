using Hub.Trust.Pdf;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Pdf;

/// <summary>
/// Files written at test time by real producers on this machine (qpdf, poppler's pdftocairo), then updated twice
/// with the same checks as the corpus: prefix kept, both fields seen on re-opening, qpdf --check clean.
/// </summary>
public sealed class PdfProducerTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-pdf-producers-").FullName;

    public static TheoryData<string, string, string> Producers => new()
    {
        // tool, arguments before "in out", expected cross-reference kind of the produced file
        { "qpdf", "--object-streams=generate", nameof(PdfCrossReferenceKind.Stream) },
        { "qpdf", "--linearize", nameof(PdfCrossReferenceKind.Table) },
        { "qpdf", "--linearize --object-streams=generate", nameof(PdfCrossReferenceKind.Stream) },
        { "qpdf", "--qdf --object-streams=disable", nameof(PdfCrossReferenceKind.Table) },
        { "pdftocairo", "-pdf", nameof(PdfCrossReferenceKind.Table) },
    };

    [Theory]
    [MemberData(nameof(Producers))]
    public async Task UpdateTwice_FileFromRealProducer_KeepsPrefixAndPassesQpdf(string tool, string arguments, string expectedKind)
    {
        var corpus = PdfTestData.Corpus(output);
        if (corpus is null || !ExternalTool.Available(tool, output) || !ExternalTool.Available("qpdf", output))
        {
            return;
        }

        foreach (var source in new[] { "minimal-two-pages.pdf", "layout-tests/four-stamps-fixed.pdf", "minimal-with-textfield-group.pdf" })
        {
            var produced = Path.Combine(_directory, $"{Guid.NewGuid():N}.pdf");
            var (exitCode, text) = ExternalTool.Run(tool, [.. arguments.Split(' '), Path.Combine(corpus, source), produced]);
            Assert.True(exitCode is 0 or 3, $"{tool} {arguments} {source} failed ({exitCode}): {text}");
            var bytes = await File.ReadAllBytesAsync(produced);

            var reader = PdfReader.Open(bytes);
            var outcome = await TwoUpdates.CheckAsync(bytes, runQpdf: true);
            output.WriteLine($"{tool} {arguments} {source}: {reader.CrossReferenceKind}, {reader.CrossReferenceSectionCount} section(s), {outcome.Describe()}");

            Assert.Equal(expectedKind, reader.CrossReferenceKind.ToString());
            Assert.True(outcome.Succeeded, outcome.Describe());
            if (arguments.Contains("--linearize", StringComparison.Ordinal))
            {
                // A linearized file has its first-page section at the front and the main one chained by /Prev.
                Assert.True(reader.CrossReferenceSectionCount >= 2, $"linearized file read with {reader.CrossReferenceSectionCount} section(s)");
            }
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
