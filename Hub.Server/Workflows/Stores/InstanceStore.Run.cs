using Hub.Workflows.HumanTasks;
using Npgsql;

namespace Hub.Server.Workflows.Stores;

/// <summary>What <c>hub workflow run</c> reads of the instance it drives: its open tasks with who would decide them,
/// its decisions, and when its next timer, retry or delivery is due.</summary>
/// <remarks>These read the task and work-item tables for one instance; they move to those tables' stores with them.</remarks>
internal static partial class InstanceStore
{
    /// <summary>An open task and who decides it: the assignee, else the candidate with the deepest home organisation
    /// (then by user name, so runs repeat); <see cref="Guid.Empty"/> when it has no candidate.</summary>
    public sealed record OpenTask(Guid Id, string NodeId, Guid Decider);

    /// <summary>A decided task.</summary>
    public sealed record Decision(string NodeId, string DecidedBy, string Value, string? Comment);

    /// <summary>The instance's open tasks in creation order.</summary>
    public static async Task<List<OpenTask>> OpenTasksAsync(NpgsqlDataSource db, Guid instanceId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            SELECT t.id, t.node_id, coalesce(t.assignee_id,
                (SELECT u.id FROM unnest(t.candidate_ids) AS c(id) JOIN hub.users u ON u.id = c.id
                 JOIN hub.organisations o ON o.id = u.organisation_id ORDER BY length(o.path) DESC, u.user_name LIMIT 1))
            FROM hub.workflow_tasks t WHERE t.instance_id = $1 AND t.status = ANY($2) ORDER BY t.created_at, t.slot
            """);
        command.Parameters.AddWithValue(instanceId);
        command.Parameters.AddWithValue(StoredText.Of(HumanTaskStatus.Open, HumanTaskStatus.Claimed));
        var open = new List<OpenTask>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            open.Add(new OpenTask(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? Guid.Empty : reader.GetGuid(2)));
        }

        return open;
    }

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
