using Xunit.Abstractions;

namespace Hub.Testing;

/// <summary>
/// The repository root (the folder holding Hub.sln) and the shared test data beside it (../shared/data), which tests
/// read in place and never copy. Absent data follows <see cref="ExternalTool.Require"/>'s CI rule.
/// </summary>
public static class SharedData
{
    // Found from the test binaries upwards, not [CallerFilePath]: CI builds map source paths to /_/ (deterministic builds).
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Hub.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Hub.sln above {AppContext.BaseDirectory}");
    });

    public static string RepositoryRoot() => Root.Value;

    /// <summary>A folder under ../shared (e.g. <c>data/pdf-pyhanko</c>, <c>tools</c>), or null when absent; no CI rule applied.</summary>
    public static string? Find(string relative)
    {
        var path = Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", relative));
        return Directory.Exists(path) || File.Exists(path) ? path : null;
    }

    /// <summary>A data folder under ../shared/data, or null when absent (then tests skip, unless CI=true makes them fail).</summary>
    public static string? Folder(string relative) => Find(Path.Combine("data", relative));

    /// <summary>A folder or file under ../shared, or null after the CI rule (skip locally, fail under CI=true).</summary>
    public static string? Require(string relative, ITestOutputHelper output)
    {
        var path = Find(relative);
        return ExternalTool.Require(path is not null, $"../shared/{relative}", output) ? path : null;
    }
}
