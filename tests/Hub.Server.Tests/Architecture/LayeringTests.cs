using System.Reflection;
using System.Xml.Linq;

namespace Hub.Server.Tests.Architecture;

/// <summary>
/// Dependencies point one way (DESIGN.md §2). The build refuses a wrong ProjectReference (Directory.Build.targets);
/// these tests check the same rule on the project files and on the compiled assemblies, so neither the MSBuild
/// rule nor a stray binary reference can drift.
/// </summary>
public sealed class LayeringTests
{
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Hub.Workflows"] = [],
        ["Hub.Trust"] = [],
        ["Hub.Activities"] = ["Hub.Workflows", "Hub.Trust"],
        ["Hub.Connectors"] = ["Hub.Workflows"],
        ["Hub.Server"] = ["Hub.Workflows", "Hub.Trust", "Hub.Activities", "Hub.Connectors"],
    };

    [Fact]
    public void ProjectFiles_ReferenceOnlyWhatDesignAllows()
    {
        var root = SharedData.RepositoryRoot();
        foreach (var (project, allowed) in Allowed)
        {
            var references = XDocument.Load(Path.Combine(root, project, project + ".csproj"))
                .Descendants("ProjectReference")
                .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
                .ToList();
            Assert.True(references.All(allowed.Contains),
                $"{project} references {string.Join(", ", references.Except(allowed))}, which DESIGN.md §2 forbids.");
        }
    }

    [Fact]
    public void BuildRule_ListsTheSameAllowedReferences()
    {
        var targets = File.ReadAllText(Path.Combine(SharedData.RepositoryRoot(), "Directory.Build.targets"));
        foreach (var (project, allowed) in Allowed)
        {
            Assert.Contains($"'$(MSBuildProjectName)' == '{project}'\">{string.Join(';', allowed)}</HubAllowedReferences>",
                targets, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Assemblies_ReferenceOnlyWhatDesignAllows()
    {
        foreach (var (project, allowed) in Allowed)
        {
            var referenced = Assembly.Load(project).GetReferencedAssemblies()
                .Select(a => a.Name!)
                .Where(Allowed.ContainsKey)
                .ToList();
            Assert.True(referenced.All(allowed.Contains),
                $"{project}.dll references {string.Join(", ", referenced.Except(allowed))}, which DESIGN.md §2 forbids.");
        }
    }

    [Fact]
    public void TestSupport_ReferencedByNoProductAndReferencesOnlyHubTrust()
    {
        var testSupport = typeof(ManualTime).Assembly.GetName().Name!;
        foreach (var project in Allowed.Keys)
        {
            Assert.DoesNotContain(testSupport, Assembly.Load(project).GetReferencedAssemblies().Select(a => a.Name));
        }

        var hubReferences = typeof(ManualTime).Assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(name => name.StartsWith("Hub.", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(["Hub.Trust"], hubReferences);
    }
}
