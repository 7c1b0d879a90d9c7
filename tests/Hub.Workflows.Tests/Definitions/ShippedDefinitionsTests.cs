using System.Text.Json;
using Hub.Workflows.Activities;
using Hub.Workflows.Definitions;

namespace Hub.Workflows.Tests.Definitions;

public sealed class ShippedDefinitionsTests
{
    // The approval chains of the shipped flows; the shipped flows with their seal steps are validated with the Hub's
    // whole registry in Hub.Activities.Tests (ShippedFlowsTests).
    private static string Workflows => Path.Combine(SharedData.RepositoryRoot(), "tests", "flows");

    private static string Schema => Path.Combine(SharedData.RepositoryRoot(), "workflows", "schema", "workflow-definition.schema.json");

    [Theory]
    [InlineData("expense-reimbursement.json", "expense-reimbursement")]
    [InlineData("procurement-contract.json", "procurement-contract")]
    [InlineData("labour-contract.json", "labour-contract")]
    public void Validate_ShippedExample_HasNoProblems(string file, string id)
    {
        var definition = WorkflowDefinitions.Read(File.ReadAllBytes(Path.Combine(Workflows, file)));

        var problems = WorkflowDefinitions.Validate(definition, ActivityRegistry.CreateCore());

        Assert.Equal(id, definition.Id);
        Assert.Empty(problems);
    }

    [Fact]
    public void Schema_MentionsEveryPropertyTheReaderAccepts()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Schema));
        var declared = new HashSet<string>(StringComparer.Ordinal);
        Collect(schema.RootElement, declared);

        var missing = DefinitionReader.AcceptedProperties.SelectMany(kv => kv.Value.Select(p => $"{kv.Key}.{p}")).Where(p => !declared.Contains(p.Split('.', 2)[1])).ToList();

        Assert.Empty(missing);
    }

    private static void Collect(JsonElement e, HashSet<string> names)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in e.EnumerateObject())
            {
                if (p.Name == "properties" && p.Value.ValueKind == JsonValueKind.Object)
                {
                    foreach (var q in p.Value.EnumerateObject())
                    {
                        names.Add(q.Name);
                    }
                }

                Collect(p.Value, names);
            }
        }
        else if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray())
            {
                Collect(item, names);
            }
        }
    }
}
