using Hub.Workflows.Definitions;

namespace Hub.Activities.Tests.Seals;

/// <summary>The shipped flows (workflows/*.json) publish with the Hub's whole activity registry and end in a seal.</summary>
public sealed class ShippedFlowsTests
{
    private static string Workflows => Path.Combine(SharedData.RepositoryRoot(), "workflows");

    private static List<string> Names() =>
        [.. Directory.EnumerateFiles(Workflows, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> Flows() => [.. Names()];

    [Theory]
    [MemberData(nameof(Flows))]
    public void Validate_ShippedFlow_HasNoProblemsAndSealsBeforeItsSuccessfulEnd(string name)
    {
        var definition = WorkflowDefinitions.Read(File.ReadAllBytes(Path.Combine(Workflows, name + ".json")));

        var problems = WorkflowDefinitions.Validate(definition, HubActivityRegistry.Create());

        Assert.Equal(name, definition.Id);
        Assert.Empty(problems);
        Assert.Contains(definition.Flowchart.Nodes, n => n.Type is "ApplySeal" or "RecordPhysicalSealUse");
    }

    [Fact]
    public void Folder_ShipsTheFlowsTheReadmePromises() =>
        Assert.Subset(Names().ToHashSet(), new HashSet<string> { "expense-reimbursement", "procurement-contract" });
}
