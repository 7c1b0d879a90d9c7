using System.Reflection;
using Hub.Trust.Pki;

namespace Hub.Trust.Tests.Pki;

/// <summary>
/// Keeps the public surface of Keys, Pki, Timestamps and Cms deliberate (STYLE.md §6): every public type and member is
/// listed in PublicSurface.txt beside this file, so a change to it shows up in review.
/// </summary>
public sealed class PublicSurfaceTests
{
    private static readonly string[] Namespaces = ["Hub.Trust.Keys", "Hub.Trust.Pki", "Hub.Trust.Timestamps", "Hub.Trust.Cms"];

    [Fact]
    public void PublicSurface_KeysPkiTimestampsCms_MatchesCheckedInList()
    {
        var actual = Describe(typeof(CertificateAuthority).Assembly);

        var expected = File.ReadAllLines(ListPath()).Where(l => l.Length > 0).ToList();

        Assert.True(expected.SequenceEqual(actual), "Public surface changed; actual:\n" + string.Join('\n', actual));
    }

    private static List<string> Describe(Assembly assembly) =>
    [
        .. assembly.GetExportedTypes()
            .Where(t => Namespaces.Contains(t.Namespace))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .SelectMany(t => new[] { $"type {t.FullName}" }.Concat(
                t.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                    .Where(m => m is not MethodInfo { IsSpecialName: true })
                    .Where(m => !(t.IsEnum && m.Name == "value__"))
                    .Select(m => $"  {t.Name}: {m}")
                    .Distinct()
                    .Order(StringComparer.Ordinal))),
    ];

    // Found from the repository root, not [CallerFilePath]: CI builds map source paths to /_/ (deterministic builds).
    private static string ListPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Hub.sln")))
            {
                return Path.Combine(directory.FullName, "tests", "Hub.Trust.Tests", "Pki", "PublicSurface.txt");
            }
        }

        throw new InvalidOperationException("Hub.sln not found above " + AppContext.BaseDirectory);
    }
}
