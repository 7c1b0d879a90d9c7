using System.Diagnostics;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Pdf;

/// <summary>
/// Locates the shared test corpus (read in place, never copied) and the external checkers. Where something is
/// missing the test says so and returns, except under CI=true, where missing inputs fail the run.
/// </summary>
internal static class PdfTestData
{
    private static readonly Lazy<string?> RepositoryRoot = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Hub.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    });

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The pyHanko corpus directory, or null (after reporting) when it is absent outside CI.</summary>
    public static string? Corpus(ITestOutputHelper output)
    {
        var root = RepositoryRoot.Value ?? throw new InvalidOperationException("Hub.sln not found above " + AppContext.BaseDirectory);
        var corpus = Path.GetFullPath(Path.Combine(root, "..", "shared", "data", "pdf-pyhanko"));
        return Directory.Exists(corpus) ? corpus : Missing(output, $"corpus {corpus}");
    }

    /// <summary>Every PDF of the corpus with its path relative to the corpus, in a stable order.</summary>
    public static IReadOnlyList<(string Name, string Path)> CorpusFiles(string corpus) =>
        [.. Directory.EnumerateFiles(corpus, "*.pdf", SearchOption.AllDirectories)
            .Select(p => (Path.GetRelativePath(corpus, p).Replace('\\', '/'), p))
            .OrderBy(f => f.Item1, StringComparer.Ordinal)];

    /// <summary>Whether the command-line tool is installed; reports (or fails under CI) when it is not.</summary>
    public static bool Tool(ITestOutputHelper output, string tool)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(d => File.Exists(Path.Combine(d, tool)));
        return found || Missing(output, $"tool '{tool}' (apt-get install -y qpdf poppler-utils)") is not null;
    }

    /// <summary>Runs a tool and returns its exit code and combined output.</summary>
    public static (int ExitCode, string Output) Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} did not finish within 60 s.");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string? Missing(ITestOutputHelper output, string what)
    {
        if (IsCi)
        {
            throw new InvalidOperationException($"Required test input missing under CI=true: {what}.");
        }

        output.WriteLine($"SKIPPED: {what} is not available here.");
        return null;
    }
}
