using System.Text.Json;
using Hub.Workflows.Runtime;

namespace Hub.Server.Workflows.Stores;

/// <summary>
/// The statements over <c>hub.workflow_work_items</c> that are not deliveries (those are <see cref="OutboxStore"/>'s):
/// taking the earliest due item under <c>FOR UPDATE SKIP LOCKED</c>, moving or deleting it, and the buffered signal an
/// early-signal item points at.
/// </summary>
internal static class WorkItemStore
{
    /// <summary>A due work item, held under its row lock until the transaction ends.</summary>
    public sealed record DueItem(long Id, Guid InstanceId, WorkItemKind Kind, string Target);

    private static readonly string DeliverKind = StoredText.Of(WorkItemKind.Deliver);

    /// <summary>Takes the earliest due item other than a delivery; null when none is due (or all are held).</summary>
    public static async Task<DueItem?> TakeAsync(WorkflowTransaction tx, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var take = tx.Command("""
            SELECT id, instance_id, kind, target FROM hub.workflow_work_items
            WHERE kind <> $2 AND due_at <= $1 ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED
            """, now, DeliverKind);
        await using var reader = await take.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new DueItem(reader.GetInt64(0), reader.GetGuid(1), StoredText.Parse<WorkItemKind>(reader.GetString(2)), reader.GetString(3))
            : null;
    }

    /// <summary>Makes the item due again at <paramref name="at"/> ((kind, target) is unique, so a task's reminders reuse one row).</summary>
    public static void QueueDueAgain(WorkflowTransaction tx, DueItem item, DateTimeOffset at)
    {
        tx.Write("UPDATE hub.workflow_work_items SET due_at = $2 WHERE id = $1", [item.Id, at]);
        tx.WakeWorkers(at);
    }

    /// <summary>Removes the item: its work is done (or void).</summary>
    public static void QueueDone(WorkflowTransaction tx, DueItem item) =>
        tx.Write("DELETE FROM hub.workflow_work_items WHERE id = $1", [item.Id]);

    /// <summary>When the next work of any kind becomes runnable: the earliest due time, or for a delivery leased by a
    /// node the end of its lease (after which any node may repeat it). Null when the queue is empty.</summary>
    public static async Task<DateTimeOffset?> NextDueAsync(WorkflowEngine engine, CancellationToken cancellationToken)
    {
        await using var command = engine.DataSource.CreateCommand("""
            SELECT least((SELECT min(due_at) FROM hub.workflow_work_items WHERE kind <> $1),
                         (SELECT min(greatest(due_at, lease_expires_at)) FROM hub.workflow_work_items WHERE kind = $1))
            """);
        command.Parameters.AddWithValue(DeliverKind);
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime at ? new DateTimeOffset(at, TimeSpan.Zero) : null;
    }

    /// <summary>The buffered signal an early-signal item delivers; null when it is gone.</summary>
    public static async Task<SignalStimulus?> SignalAsync(WorkflowTransaction tx, string signalId, CancellationToken cancellationToken)
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
