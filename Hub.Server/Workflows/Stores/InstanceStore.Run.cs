using Hub.Workflows.HumanTasks;
using Npgsql;

namespace Hub.Server.Workflows.Stores;

/// <summary>What <c>hub workflow run</c> reports and waits for on the instance it drives: its decisions, and when its
/// next timer, retry or delivery is due.</summary>
/// <remarks>These read the task and work-item tables for one instance; they move to those tables' stores with them.</remarks>
internal static partial class InstanceStore
{
    /// <summary>A decided task.</summary>
    public sealed record Decision(string NodeId, string DecidedBy, string Value, string? Comment);

    /// <summary>The instance's decided tasks in the order they were decided.</summary>
    public static async Task<List<Decision>> DecisionsAsync(NpgsqlDataSource db, Guid instanceId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            SELECT t.node_id, u.user_name, t.decision, t.comment FROM hub.workflow_tasks t JOIN hub.users u ON u.id = t.decided_by
            WHERE t.instance_id = $1 AND t.status = $2 ORDER BY t.decided_at, t.slot
            """);
        command.Parameters.AddWithValue(instanceId);
        command.Parameters.AddWithValue(StoredText.Of(HumanTaskStatus.Decided));
        var decisions = new List<Decision>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            decisions.Add(new Decision(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return decisions;
    }

    /// <summary>When the instance's next timer, retry or delivery is due (task escalations aside); null when none is queued.</summary>
    public static async Task<DateTimeOffset?> NextDueAsync(NpgsqlDataSource db, Guid instanceId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT min(due_at) FROM hub.workflow_work_items WHERE instance_id = $1 AND kind <> 'TaskDue'");
        command.Parameters.AddWithValue(instanceId);
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime due ? new DateTimeOffset(due, TimeSpan.Zero) : null;
    }
}
