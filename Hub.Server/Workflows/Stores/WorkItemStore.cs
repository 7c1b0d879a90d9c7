namespace Hub.Server.Workflows.Stores;

/// <summary>
/// The statements over <c>hub.workflow_work_items</c> that are not deliveries (those are <see cref="OutboxStore"/>'s):
/// timers and retries queued by a burst, taking the earliest due item under <c>FOR UPDATE SKIP LOCKED</c>, moving or
/// deleting it.
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

    /// <summary>Removes the timer and retry items of bookmarks a burst cleared.</summary>
    public static void QueueClearedTimers(WorkflowTransaction tx, IReadOnlyCollection<string> bookmarkIds) =>
        tx.Write("DELETE FROM hub.workflow_work_items WHERE kind = $2 AND target = ANY($1)", [bookmarkIds.ToArray(), StoredText.Of(WorkItemKind.Resume)]);

    /// <summary>Queues the timers and retries of new bookmarks, due at <paramref name="dueAt"/> (one per bookmark).</summary>
    public static void QueueTimers(WorkflowTransaction tx, Guid instanceId, string[] bookmarkIds, DateTimeOffset[] dueAt, DateTimeOffset now)
    {
        tx.Write("""
            INSERT INTO hub.workflow_work_items (instance_id, kind, target, due_at, attempts, created_at)
            SELECT $1, $5, t.target, t.due, 0, $4 FROM unnest($2::text[], $3::timestamptz[]) AS t(target, due)
            ON CONFLICT (kind, target) DO NOTHING
            """, [instanceId, bookmarkIds, dueAt, now, StoredText.Of(WorkItemKind.Resume)]);
        tx.WakeWorkers(dueAt.Min());
    }

    /// <summary>Removes every work item of an instance (it was cancelled: nothing of it is due any more).</summary>
    public static void QueueInstanceCleared(WorkflowTransaction tx, Guid instanceId) =>
        tx.Write("DELETE FROM hub.workflow_work_items WHERE instance_id = $1", [instanceId]);

    /// <summary>When the instance's next timer, retry or delivery is due (task escalations aside); null when none is queued.</summary>
    public static async Task<DateTimeOffset?> NextDueForInstanceAsync(Npgsql.NpgsqlDataSource db, Guid instanceId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT min(due_at) FROM hub.workflow_work_items WHERE instance_id = $1 AND kind <> $2");
        command.Parameters.AddWithValue(instanceId);
        command.Parameters.AddWithValue(StoredText.Of(WorkItemKind.TaskDue));
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime due ? new DateTimeOffset(due, TimeSpan.Zero) : null;
    }
}
