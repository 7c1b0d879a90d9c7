using System.Text;
using Hub.Workflows.Definitions;

namespace Hub.Workflows.Tests.Definitions;

public sealed class DefinitionReaderTests
{
    private const string Minimal = """
        {"id":"d","version":1,"name":"D","flowchart":{"nodes":[{"id":"start","type":"Start"},{"id":"end","type":"End"}],
         "connections":[{"source":"start","outcome":"Done","target":"end"}]}}
        """;

    private static string Error(string json) => Assert.Throws<DefinitionFormatException>(() => WorkflowDefinitions.Read(json)).Message;

    [Fact]
    public void Read_UnknownProperty_Refused() =>
        Assert.StartsWith("$.flowchart.nodes[0]: unknown property 'colour'", Error(Minimal.Replace("\"type\":\"Start\"", "\"type\":\"Start\",\"colour\":1", StringComparison.Ordinal)), StringComparison.Ordinal);

    [Fact]
    public void Read_DuplicateNodeIds_Refused() =>
        Assert.Equal("$.flowchart.nodes[1].id: node id 'start' is already used by $.flowchart.nodes[0]",
            Error(Minimal.Replace("\"id\":\"end\"", "\"id\":\"start\"", StringComparison.Ordinal)));

    [Fact]
    public void Read_DuplicateProperty_Refused() =>
        Assert.StartsWith("definition has a duplicate property", Error(Minimal.Replace("\"version\":1", "\"version\":1,\"version\":2", StringComparison.Ordinal)), StringComparison.Ordinal);

    [Fact]
    public void Read_MalformedJson_Refused() => Assert.StartsWith("definition is not valid JSON", Error(Minimal[..40]), StringComparison.Ordinal);

    [Fact]
    public void Read_InputWithBothLiteralAndExpression_Refused() =>
        Assert.Equal("$.flowchart.nodes[0].inputs.x must have exactly one of 'literal' or 'expression'",
            Error(Minimal.Replace("\"type\":\"Start\"", "\"type\":\"Start\",\"inputs\":{\"x\":{\"literal\":1,\"expression\":\"1\"}}", StringComparison.Ordinal)));

    [Fact]
    public void Read_DeepNesting_RefusedAtTheDepthLimit()
    {
        var deep = new string('[', 10_000) + new string(']', 10_000);
        var json = Minimal.Replace("\"name\":\"D\"", "\"name\":\"D\",\"inputSchema\":{\"default\":" + deep + "}", StringComparison.Ordinal);
        Assert.Equal("definition nests deeper than the limit of 32 levels", Error(json));
    }

    [Fact]
    public void Read_TenMegabyteDocument_RefusedBeforeParsing()
    {
        var huge = Minimal.Replace("\"name\":\"D\"", "\"name\":\"D\",\"description\":\"" + new string('x', 10 * 1024 * 1024) + "\"", StringComparison.Ordinal);
        Assert.Equal($"definition is {Encoding.UTF8.GetByteCount(huge)} bytes, more than the limit of 1048576 bytes", Error(huge));
    }

    [Fact]
    public void Read_HundredThousandNodes_RefusedAtTheNodeLimit()
    {
        var nodes = string.Join(",", Enumerable.Range(0, 100_000).Select(i => $"{{\"id\":\"n{i}\",\"type\":\"End\"}}"));
        var json = $"{{\"id\":\"d\",\"version\":1,\"name\":\"D\",\"flowchart\":{{\"nodes\":[{nodes}]}}}}";
        var e = Assert.Throws<DefinitionFormatException>(() => WorkflowDefinitions.Read(json, new DefinitionLimits { MaxDocumentBytes = 16 * 1024 * 1024 }));
        Assert.Equal("$.flowchart.nodes has 100000 nodes, more than the limit of 500", e.Message);
    }

    [Fact]
    public void Hash_WhitespaceAndPropertyOrder_DoNotChangeIt()
    {
        var reordered = """
            { "flowchart": { "connections": [ { "target": "end", "outcome": "Done", "source": "start" } ],
                             "nodes": [ { "type": "Start", "id": "start" }, { "type": "End", "id": "end" } ] },
              "name": "D", "version": 1, "id": "d" }
            """;

        Assert.Equal(WorkflowDefinitions.Hash(WorkflowDefinitions.Read(Minimal)), WorkflowDefinitions.Hash(WorkflowDefinitions.Read(reordered)));
        Assert.NotEqual(WorkflowDefinitions.Hash(WorkflowDefinitions.Read(Minimal)),
            WorkflowDefinitions.Hash(WorkflowDefinitions.Read(Minimal.Replace("\"name\":\"D\"", "\"name\":\"E\"", StringComparison.Ordinal))));
    }

    [Fact]
    public void ToCanonicalJson_ShippedExample_ReadsBackToTheSameHash()
    {
        var definition = WorkflowDefinitions.Read(File.ReadAllBytes(Path.Combine(SharedData.RepositoryRoot(), "workflows", "procurement-contract.json")));

        var again = WorkflowDefinitions.Read(WorkflowDefinitions.ToCanonicalJson(definition));

        Assert.Equal(WorkflowDefinitions.ToCanonicalJson(definition), WorkflowDefinitions.ToCanonicalJson(again));
        Assert.Equal(WorkflowDefinitions.Hash(definition), WorkflowDefinitions.Hash(again));
    }
}
