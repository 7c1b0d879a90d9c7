using System.Text.Json;
using Hub.Workflows.Definitions;

namespace Hub.Workflows.Tests.Runtime;

/// <summary>Builds definitions tersely: inputs as an anonymous object whose string values starting with '=' are CEL
/// expressions; edges as "a.Done -> b", back-edges as "a.Again => b".</summary>
internal sealed class FlowBuilder
{
    private readonly List<NodeDefinition> nodes = [];
    private readonly List<Connection> connections = [];
    private readonly List<VariableDefinition> variables = [];
    private JsonElement? inputSchema;

    public FlowBuilder Node(string id, string type, object? inputs = null, IReadOnlyDictionary<string, string>? outputs = null)
    {
        var map = new Dictionary<string, InputValue>(StringComparer.Ordinal);
        if (inputs is not null)
        {
            foreach (var p in JsonSerializer.SerializeToElement(inputs).EnumerateObject())
            {
                map[p.Name] = p.Value.ValueKind == JsonValueKind.String && p.Value.GetString()!.StartsWith('=')
                    ? InputValue.FromExpression(p.Value.GetString()![1..])
                    : InputValue.FromLiteral(p.Value);
            }
        }

        nodes.Add(new NodeDefinition(id, type, null, map, outputs ?? new Dictionary<string, string>(), null));
        return this;
    }

    public FlowBuilder Edges(params string[] specs)
    {
        foreach (var spec in specs)
        {
            var back = spec.Contains("=>", StringComparison.Ordinal);
            var parts = spec.Split(back ? "=>" : "->", StringSplitOptions.TrimEntries);
            var dot = parts[0].LastIndexOf('.');
            connections.Add(new Connection(parts[0][..dot], parts[0][(dot + 1)..], parts[1], back));
        }

        return this;
    }

    public FlowBuilder Variable(string name, string schemaJson, string? defaultJson = null)
    {
        variables.Add(new VariableDefinition(name, JsonDocument.Parse(schemaJson).RootElement.Clone(),
            defaultJson is null ? null : JsonDocument.Parse(defaultJson).RootElement.Clone()));
        return this;
    }

    public FlowBuilder InputSchema(string json)
    {
        inputSchema = JsonDocument.Parse(json).RootElement.Clone();
        return this;
    }

    public WorkflowDefinition Build(string id = "test") => new(id, 1, id, null, inputSchema, variables, new Flowchart(nodes, connections));
}
