using System.Text.Json;
using Hub.Workflows.Runtime;

namespace Hub.Server.Workflows.Stores;

/// <summary>
/// Every statement over <c>hub.workflow_signals</c>, the signals that arrived before anybody waited for them: buffered
/// with a time-to-live, taken by the first burst that creates a matching bookmark, read when that wake-up runs. The
/// advisory lock per (name, correlation key) orders a buffering against a bookmark's creation, so a signal is either
/// buffered and then taken, or finds its bookmark.
/// </summary>
internal static class SignalStore
{
    /// <summary>Takes the transaction's advisory lock of (<paramref name="name"/>, <paramref name="correlationKey"/>) now.</summary>
    public static async Task LockAsync(WorkflowTransaction tx, string name, string correlationKey, CancellationToken cancellationToken)
    {
        await using var command = tx.Command("SELECT pg_advisory_xact_lock(hashtext($1 || chr(31) || $2))", name, correlationKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Buffers a signal nobody waits for yet until <paramref name="expiresAt"/>; returns its id.</summary>
    public static Guid QueueBuffered(WorkflowTransaction tx, Guid organisationId, string name, string correlationKey, JsonElement? payload,
        DateTimeOffset now, DateTimeOffset expiresAt)
    {
        var id = Guid.NewGuid();
        tx.Write("""
            INSERT INTO hub.workflow_signals (id, organisation_id, name, correlation_key, payload, received_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """, [id, organisationId, name, correlationKey, new WorkflowTransaction.Json(payload?.GetRawText()), now, expiresAt]);
        return id;
    }

    /// <summary>For a signal bookmark a burst just created: takes the oldest live buffered signal of the instance's
    /// organisation with its name and key, and queues the work item that delivers it now.</summary>
    public static void QueueTakeEarly(WorkflowTransaction tx, Guid instanceId, Bookmark signal, DateTimeOffset now)
    {
        tx.Write("SELECT pg_advisory_xact_lock(hashtext($1 || chr(31) || $2))", [signal.SignalName, signal.CorrelationKey]);
        tx.Write("""
            WITH taken AS (
                UPDATE hub.workflow_signals SET consumed_by = $1
                WHERE id = (SELECT id FROM hub.workflow_signals
                            WHERE name = $2 AND correlation_key = $3 AND consumed_by IS NULL AND expires_at > $4
                              AND organisation_id = (SELECT organisation_id FROM hub.workflow_instances WHERE id = $1)
                            ORDER BY received_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING id)
            INSERT INTO hub.workflow_work_items (instance_id, kind, target, due_at, attempts, created_at)
            SELECT $1, $5, taken.id::text, $4, 0, $4 FROM taken
            """, [instanceId, signal.SignalName, signal.CorrelationKey, now, StoredText.Of(WorkItemKind.Signal)]);
        tx.WakeWorkers(now);
    }

    /// <summary>Gives a taken signal back to the buffer: its instance faulted before the signal reached it, and takes it
    /// again when the incident is resolved (or another waiter does).</summary>
    public static void QueueReleased(WorkflowTransaction tx, string signalId) =>
        tx.Write("UPDATE hub.workflow_signals SET consumed_by = NULL WHERE id = $1", [Guid.Parse(signalId)]);

    /// <summary>The buffered signal <paramref name="signalId"/> as a stimulus; null when it is gone.</summary>
    public static async Task<SignalStimulus?> ReadAsync(WorkflowTransaction tx, string signalId, CancellationToken cancellationToken)
    {
        await using var command = tx.Command("SELECT name, correlation_key, payload::text FROM hub.workflow_signals WHERE id = $1", Guid.Parse(signalId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        JsonElement? payload = reader.IsDBNull(2) ? null : JsonDocument.Parse(reader.GetString(2)).RootElement.Clone();
        return new SignalStimulus(reader.GetString(0), reader.GetString(1), payload, "signal " + signalId);
    }
}
