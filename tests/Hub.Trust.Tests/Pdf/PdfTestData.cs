namespace Hub.Trust.Tests.Pdf;

/// <summary>The shared pyHanko test corpus (read in place, never copied); absent, it follows <see cref="ExternalTool"/>'s CI rule.</summary>
internal static class PdfTestData
{
    /// <summary>The pyHanko corpus directory, or null (after reporting) when it is absent outside CI.</summary>
    public static string? Corpus(Xunit.Abstractions.ITestOutputHelper output) => SharedData.Require("data/pdf-pyhanko", output);

    /// <summary>Every PDF of the corpus with its path relative to the corpus, in a stable order.</summary>
    public static IReadOnlyList<(string Name, string Path)> CorpusFiles(string corpus) =>
        [.. Directory.EnumerateFiles(corpus, "*.pdf", SearchOption.AllDirectories)
            .Select(p => (Path.GetRelativePath(corpus, p).Replace('\\', '/'), p))
            .OrderBy(f => f.Item1, StringComparer.Ordinal)];
}
