using System.Text.Json;
using System.Text.Json.Serialization;
using Hub.Server.Workflows.Stores;
using Hub.Workflows.Definitions;
using Npgsql;

namespace Hub.Server.Cli.Workflow;

/// <summary>What <c>hub workflow run</c> prints: the instance's final status, the path of node outcomes it took (in
/// journal order), its variables, fault, and every decision made on its tasks.</summary>
internal sealed record WorkflowRunReport(Guid InstanceId, string DefinitionId, int DefinitionVersion, string ContentHash, string Status,
    IReadOnlyList<WorkflowRunReport.Step> Path, JsonElement Variables, JsonElement? Fault, IReadOnlyList<WorkflowRunReport.Decision> Decisions)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A node that completed, with the outcomes it took.</summary>
    public sealed record Step(string Node, string[] Outcomes);

    /// <summary>A decided task.</summary>
    public sealed record Decision(string Node, string DecidedBy, string Value, string? Comment);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static async Task<WorkflowRunReport> ReadAsync(NpgsqlDataSource db, Guid instanceId, WorkflowDefinition definition, string hash,
        CancellationToken cancellationToken)
    {
        var instance = await InstanceStore.GetAsync(db, instanceId, cancellationToken)
            ?? throw new InvalidOperationException($"instance {instanceId} is gone");
        var path = (await InstanceStore.CompletedNodesAsync(db, instanceId, cancellationToken)).Select(n => new Step(n.Node, n.Outcomes)).ToList();
        var decisions = (await TaskStore.DecisionsAsync(db, instanceId, cancellationToken))
            .Select(d => new Decision(d.NodeId, d.DecidedBy, d.Value, d.Comment)).ToList();
        return new WorkflowRunReport(instanceId, definition.Id, definition.Version, hash, instance.Status.ToString(), path, instance.Variables,
            instance.Fault, decisions);
    }
}
