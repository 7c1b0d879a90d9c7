using System.Text;

namespace Hub.Testing;

/// <summary>
/// A checked-in public API listing (one <see cref="PublicApiListing"/> line per line) and its comparison with the
/// assembly: a difference fails with the lines added and removed, so the reviewer sees the change to the surface;
/// with <see cref="UpdateVariable"/>=1 the file is rewritten instead, and its diff goes into the commit.
/// </summary>
/// <param name="relativePath">The file's path under the repository root (an absolute path is taken as it is).</param>
/// <param name="update">Whether to rewrite rather than compare; by default whether <see cref="UpdateVariable"/> is 1.</param>
public sealed class PublicApiFile(string relativePath, bool? update = null)
{
    /// <summary>The environment variable that rewrites the file rather than failing.</summary>
    public const string UpdateVariable = "HUB_UPDATE_PUBLIC_API";

    /// <summary>The file's path under the repository root (the folder holding Hub.sln).</summary>
    public string Path { get; } = System.IO.Path.Combine(SharedData.RepositoryRoot(), relativePath);

    /// <summary>Returns null when the file lists exactly <paramref name="actual"/> (or was rewritten to); otherwise the readable difference.</summary>
    public string? Compare(IReadOnlyList<string> actual)
    {
        if (update ?? Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            File.WriteAllText(Path, string.Concat(actual.Select(l => l + "\n")));
            return null;
        }

        var listed = File.Exists(Path) ? File.ReadAllText(Path).ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries) : [];
        if (listed.SequenceEqual(actual))
        {
            return null;
        }

        // Both sides are sorted lists of distinct lines, so what one has and the other lacks is the whole difference.
        var removed = listed.Except(actual, StringComparer.Ordinal).ToList();
        var added = actual.Except(listed, StringComparer.Ordinal).ToList();
        var text = new StringBuilder()
            .AppendLine(File.Exists(Path) ? $"The public API differs from {Path}:" : $"{Path} does not exist yet.");
        foreach (var line in removed)
        {
            text.Append("- ").AppendLine(line);
        }

        foreach (var line in added)
        {
            text.Append("+ ").AppendLine(line);
        }

        if (removed.Count == 0 && added.Count == 0)
        {
            text.AppendLine("(same lines, different order or duplicates)");
        }

        return text
            .AppendLine($"If the change is intended, rerun this test with {UpdateVariable}=1 to rewrite the file, and commit its diff for review.")
            .ToString();
    }
}
