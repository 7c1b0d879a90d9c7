using System.Text.Json;
using Hub.Workflows.Activities;
using Hub.Workflows.Expressions;

namespace Hub.Workflows.Runtime;

/// <summary>The runtime side of an <see cref="ActivityContext"/>: what one execution reads and collects.</summary>
internal sealed class NodeExecution(DefinitionSnapshot snapshot, InstanceData data, string nodeId, NodeState node, DateTimeOffset now)
{
    public string InstanceId => data.InstanceId;

    public string NodeId => nodeId;

    public int Iteration => node.Iteration;

    public int Attempt => node.Attempt;

    public DateTimeOffset Now => now;

    public JsonElement Input => data.Input ?? EmptyObject;

    public JsonElement? ResumePayload { get; init; }

    public string? Actor { get; init; }

    public Bookmark? ResumedBookmark { get; init; }

    public JsonElement? NodeData { get; set; } = node.Data;

    public Dictionary<string, JsonElement> Outputs { get; } = new(StringComparer.Ordinal);

    public List<OutboundMessage> Outbound { get; } = [];

    public List<TaskRequest> Tasks { get; } = [];

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    public JsonElement GetVariable(string name) => data.Variables.TryGetValue(name, out var value)
        ? value
        : throw new KeyNotFoundException($"variable '{name}' is not declared");

    public void SetVariable(string name, JsonElement value)
    {
        if (!data.Variables.ContainsKey(name))
        {
            throw new KeyNotFoundException($"variable '{name}' is not declared");
        }

        data.Variables[name] = value.Clone();
    }

    public CelActivation Activation()
    {
        var activation = CelActivation.Empty.WithInput(Input).WithNow(now);
        foreach (var (name, value) in data.Variables)
        {
            activation = activation.WithVariable(name, value);
        }

        return activation;
    }

    public CelEvaluationResult Evaluate(string source) => snapshot.Compile(source).Evaluate(Activation());

    public bool EvaluateCondition(string source)
    {
        var result = Evaluate(source);
        if (result.IsError)
        {
            throw new ActivityFaultException($"node '{nodeId}': condition '{source}' failed: {result.Error}", false, "expression");
        }

        return result.Value is bool b
            ? b
            : throw new ActivityFaultException($"node '{nodeId}': condition '{source}' gave {result}, not a bool", false, "expression");
    }
}
