using System.Text.Json;
using System.Text.Json.Serialization;
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
        string status;
        JsonElement variables;
        JsonElement? fault;
        await using (var command = db.CreateCommand("SELECT status, state -> 'variables', state -> 'fault' FROM hub.workflow_instances WHERE id = $1"))
        {
            command.Parameters.AddWithValue(instanceId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            status = reader.GetString(0);
            variables = reader.IsDBNull(1) ? JsonDocument.Parse("{}").RootElement.Clone() : JsonDocument.Parse(reader.GetString(1)).RootElement.Clone();
            fault = reader.IsDBNull(2) ? null : JsonDocument.Parse(reader.GetString(2)).RootElement.Clone();
        }

        var path = new List<Step>();
        await using (var command = db.CreateCommand(
            "SELECT node_id, outcomes FROM hub.workflow_journal WHERE instance_id = $1 AND event = 'Completed' AND node_id IS NOT NULL ORDER BY id"))
        {
            command.Parameters.AddWithValue(instanceId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                path.Add(new Step(reader.GetString(0), reader.GetFieldValue<string[]>(1)));
            }
        }

        var decisions = new List<Decision>();
        await using (var command = db.CreateCommand("""
            SELECT t.node_id, u.user_name, t.decision, t.comment FROM hub.workflow_tasks t JOIN hub.users u ON u.id = t.decided_by
            WHERE t.instance_id = $1 AND t.status = 'Decided' ORDER BY t.decided_at, t.slot
            """))
        {
            command.Parameters.AddWithValue(instanceId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                decisions.Add(new Decision(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
            }
        }

        return new WorkflowRunReport(instanceId, definition.Id, definition.Version, hash, status, path, variables, fault, decisions);
    }
}
