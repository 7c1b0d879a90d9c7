using Hub.Activities.Seals;
using Npgsql;

namespace Hub.Server.Seals.Use;

/// <summary>
/// The decisions the Hub recorded on an instance's human tasks, with each decider's display name and roles as they
/// stand, in the order they were made. This, never a flow's input, is what a seal-use grant and its approval statement
/// carry.
/// </summary>
internal static class InstanceDecisionReads
{
    /// <summary>The decided tasks of <paramref name="instanceId"/>, oldest first.</summary>
    public static async Task<List<RecordedApproval>> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid instanceId,
        CancellationToken cancellationToken) =>
        [.. (await ReadWithCommentsAsync(connection, transaction, instanceId, cancellationToken)).Select(d => d.Approval)];

    /// <summary>The decided tasks of <paramref name="instanceId"/> with the comment each decider wrote, oldest first.</summary>
    public static async Task<List<(RecordedApproval Approval, string Comment)>> ReadWithCommentsAsync(NpgsqlConnection connection,
        NpgsqlTransaction? transaction, Guid instanceId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT t.node_id, t.title, t.decision, t.decided_by, u.display_name, t.decided_at, {SealUseFacts.RolesOfUser},
                   coalesce(t.comment, '')
            FROM hub.workflow_tasks t JOIN hub.users u ON u.id = t.decided_by
            WHERE t.instance_id = $1 AND t.status = 'Decided' AND t.decided_at IS NOT NULL
            ORDER BY t.decided_at, t.id
            """, connection, transaction);
        command.Parameters.AddWithValue(instanceId);
        var list = new List<(RecordedApproval, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add((new RecordedApproval(reader.GetString(0), reader.GetString(1), reader.GetString(2).ToLowerInvariant(), reader.GetGuid(3),
                reader.GetString(4), reader.GetFieldValue<string[]>(6), reader.GetFieldValue<DateTimeOffset>(5)), reader.GetString(7)));
        }

        return list;
    }
}
