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
    public void LabourContract_AfterTheCompanySeal_TheEmployeeAuthenticatesForTheSealedBytesThenSignsBeforeTheArchive()
    {
        var definition = WorkflowDefinitions.Read(File.ReadAllBytes(Path.Combine(Workflows, "labour-contract.json")));
        var next = definition.Flowchart.Connections.ToDictionary(c => (c.Source, c.Outcome), c => c.Target);
        var nodes = definition.Flowchart.Nodes.ToDictionary(n => n.Id);

        // seal -Sealed-> authenticate -Authenticated-> sign -Signed-> archive; a failed code or a refusal ends unsigned.
        Assert.Equal("RequireFreshAuthentication", nodes[next[("seal", "Sealed")]].Type);
        Assert.Equal("SignAsPerson", nodes[next[(next[("seal", "Sealed")], "Authenticated")]].Type);
        Assert.Equal("ArchiveDocument", nodes[next[("sign", "Signed")]].Type);
        Assert.Equal(next[("authenticate", "Failed")], next[("sign", "Refused")]);
        Assert.Equal("End", nodes[next[("sign", "Refused")]].Type);
        // The authentication is bound to the sealed contract's bytes, the very document the signature is added to.
        Assert.Equal("vars.sealed.documentId", nodes["authenticate"].Inputs["documentSha256"].Expression);
        Assert.Equal("vars.sealed.documentId", nodes["sign"].Inputs["documentId"].Expression);
        Assert.Equal("input.employeePersonId", nodes["authenticate"].Inputs["personId"].Expression);
        Assert.Equal("input.employeePersonId", nodes["sign"].Inputs["personId"].Expression);
        Assert.Equal("vars.signed.documentId", nodes["archive"].Inputs["documentId"].Expression);
        Assert.Equal("vars.signed.documentId", nodes["report"].Inputs["documentId"].Expression);
        Assert.Contains("employeePersonId", definition.InputSchema!.Value.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public void Folder_ShipsTheFlowsTheReadmePromises() =>
        Assert.Subset(Names().ToHashSet(), new HashSet<string> { "expense-reimbursement", "procurement-contract" });
}
