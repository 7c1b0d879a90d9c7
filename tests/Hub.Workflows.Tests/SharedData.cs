namespace Hub.Workflows.Tests;

/// <summary>Finds the repository root (the folder holding Hub.sln) and the shared test data beside it, which tests
/// read in place and never copy.</summary>
internal static class SharedData
{
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hub.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Hub.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>The shared data folder, or null when absent (then tests skip, unless CI=true makes them fail).</summary>
    public static string? Folder(string relative)
    {
        var path = Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "data", relative));
        return Directory.Exists(path) ? path : null;
    }

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
