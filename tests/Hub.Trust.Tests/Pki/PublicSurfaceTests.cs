using System.Reflection;
using System.Runtime.CompilerServices;
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

    private static string ListPath([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "PublicSurface.txt");
}
