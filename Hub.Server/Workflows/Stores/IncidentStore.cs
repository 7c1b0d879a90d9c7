using Hub.Workflows.Incidents;
using Hub.Workflows.Runtime;
using Npgsql;

namespace Hub.Server.Workflows.Stores;

/// <summary>
/// Every statement over <c>hub.workflow_incidents</c>: an incident opens in the burst or delivery that exhausted its
/// attempts, is read for operators, and is resolved (retried, skipped, cancelled) in the transaction that acts on its
/// instance.
/// </summary>
internal static class IncidentStore
{
    private const string Columns = "n.id, n.instance_id, n.kind, n.node_id, n.error_type, n.message, n.attempt, n.status, n.created_at";

    /// <summary>An incident row.</summary>
    public sealed record Incident(Guid Id, Guid InstanceId, IncidentKind Kind, string? NodeId, string ErrorType, string Message, int Attempt,
        IncidentStatus Status, DateTimeOffset CreatedAt);

    /// <summary>Queues the Fault incident of an activity fault no retry is left for.</summary>
    public static void QueueFault(WorkflowTransaction tx, Guid instanceId, ActivityFault fault, DateTimeOffset at) =>
        tx.Write("""
            INSERT INTO hub.workflow_incidents (id, instance_id, kind, node_id, error_type, message, attempt, status, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """, [Guid.NewGuid(), instanceId, StoredText.Of(IncidentKind.Fault), fault.NodeId, StoredText.Fit(fault.ErrorType, 200), fault.Message,
            fault.Attempt, StoredText.Of(IncidentStatus.Open), at]);

    /// <summary>Queues the resolution of an open incident; the commit fails if someone resolved it meanwhile.</summary>
    public static void QueueResolved(WorkflowTransaction tx, Guid id, IncidentStatus resolution, string actor, DateTimeOffset at) =>
        tx.Write("UPDATE hub.workflow_incidents SET status = $2, resolved_at = $3, resolved_by = $4 WHERE id = $1 AND status = $5",
            [id, StoredText.Of(resolution), at, actor, StoredText.Of(IncidentStatus.Open)], $"incident {id} was resolved at the same time");

    /// <summary>Queues the cancellation of every open incident of a cancelled instance.</summary>
    public static void QueueInstanceCancelled(WorkflowTransaction tx, Guid instanceId, string actor, DateTimeOffset at) =>
        tx.Write("UPDATE hub.workflow_incidents SET status = $2, resolved_at = $3, resolved_by = $4 WHERE instance_id = $1 AND status = $5",
            [instanceId, StoredText.Of(IncidentStatus.Cancelled), at, actor, StoredText.Of(IncidentStatus.Open)]);

    /// <summary>In one round trip, the incident's instance locked (the host's lock order: the instance first) and the
    /// incident read under its own lock; nulls when there is no such incident.</summary>
    public static async Task<(InstanceRecord? Instance, Incident? Incident)> LockAsync(WorkflowTransaction tx, Guid id, CancellationToken cancellationToken)
    {
        await using var batch = await tx.PreparedBatchAsync(cancellationToken,
            ($"SELECT {InstanceStore.Columns} FROM hub.workflow_instances i JOIN hub.organisations o ON o.id = i.organisation_id " +
             "WHERE i.id = (SELECT instance_id FROM hub.workflow_incidents WHERE id = $1) FOR UPDATE OF i", [id]),
            ($"SELECT {Columns} FROM hub.workflow_incidents n WHERE n.id = $1 FOR UPDATE", [id]));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var instance = await reader.ReadAsync(cancellationToken) ? InstanceStore.Read(reader) : null;
        await reader.NextResultAsync(cancellationToken);
        var incident = await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
        return (instance, incident);
    }

    /// <summary>The organisation path of an incident's instance, for scope checks; null when there is no such incident.</summary>
    public static async Task<string?> OwnerPathAsync(NpgsqlDataSource db, Guid id, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            SELECT o.path FROM hub.workflow_incidents n JOIN hub.workflow_instances i ON i.id = n.instance_id
            JOIN hub.organisations o ON o.id = i.organisation_id WHERE n.id = $1
            """);
        command.Parameters.AddWithValue(id);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Up to 1,000 open incidents of the subtree at <paramref name="organisationPath"/>, oldest first.</summary>
    public static async Task<List<Incident>> ListOpenAsync(NpgsqlDataSource db, string organisationPath, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand($"""
            SELECT {Columns}
            FROM hub.workflow_incidents n JOIN hub.workflow_instances i ON i.id = n.instance_id JOIN hub.organisations o ON o.id = i.organisation_id
            WHERE o.path LIKE $1 || '%' AND n.status = $2 ORDER BY n.created_at LIMIT 1000
            """);
        command.Parameters.AddWithValue(organisationPath);
        command.Parameters.AddWithValue(StoredText.Of(IncidentStatus.Open));
        var list = new List<Incident>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(Read(reader));
        }

        return list;
    }

    private static Incident Read(NpgsqlDataReader reader) =>
        new(reader.GetGuid(0), reader.GetGuid(1), StoredText.Parse<IncidentKind>(reader.GetString(2)), reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.GetString(4), reader.GetString(5), reader.GetInt32(6), StoredText.Parse<IncidentStatus>(reader.GetString(7)),
            reader.GetFieldValue<DateTimeOffset>(8));

}
