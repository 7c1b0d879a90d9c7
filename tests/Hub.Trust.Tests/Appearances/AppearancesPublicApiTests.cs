using System.Reflection;
using Hub.Trust.Appearances;
using Xunit.Abstractions;

namespace Hub.Trust.Tests.Appearances;

/// <summary>
/// The public surface of Hub.Trust.Appearances is reviewed in Hub.Trust/Appearances/PublicApi.txt (STYLE.md §6), so
/// any change to it shows up in that file's diff.
/// </summary>
public sealed class AppearancesPublicApiTests(ITestOutputHelper output)
{
    [Fact]
    public void PublicSurface_OfAppearancesNamespace_MatchesReviewedList()
    {
        var actual = string.Join('\n', typeof(SealAppearances).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == "Hub.Trust.Appearances")
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .SelectMany(t => new[] { $"type {t.Name}" }.Concat(
                t.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                    .Where(m => m is not MethodInfo { IsSpecialName: true } && !(t.IsEnum && m.Name == "value__"))
                    .Select(m => $"  {m}")
                    .Order(StringComparer.Ordinal)))) + "\n";
        output.WriteLine(actual);

        var listed = Path.Combine(RepositoryRoot(), "Hub.Trust", "Appearances", "PublicApi.txt");
        Assert.Equal(File.ReadAllText(listed).ReplaceLineEndings("\n"), actual);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Hub.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Hub.sln not found above " + AppContext.BaseDirectory);
    }
}
