namespace Hub.Server.Workflows;

/// <summary>
/// Reminds the people an open task waits for (DESIGN.md §3, human tasks: "reminders"): its assignee once claimed,
/// otherwise every candidate. Each reminder is a due work item; sending one leaves a notification per recipient, a
/// journal entry and, until the task's limit is reached, the next work item, all in the work item's transaction. A
/// task decided or cancelled meanwhile reminds nobody.
/// </summary>
internal sealed class TaskReminder(TimeProvider time)
{
    public const string WorkKind = "TaskReminder";

    private const string ReadTask =
        "SELECT instance_id, node_id, status, candidate_ids, assignee_id, remind_every, reminder_limit, reminders_sent FROM hub.workflow_tasks WHERE id = $1";

    private sealed record ReminderRow(Guid InstanceId, string NodeId, string Status, Guid[] Candidates, Guid? Assignee, TimeSpan? Every,
        int Limit, int Sent);

    /// <summary>Queues the reminder of <paramref name="taskId"/> due at <paramref name="dueAt"/>.</summary>
    public static void Schedule(WorkflowTransaction tx, Guid instanceId, Guid taskId, DateTimeOffset dueAt, DateTimeOffset now)
    {
        tx.Write("""
            INSERT INTO hub.workflow_work_items (instance_id, kind, target, due_at, attempts, created_at)
            VALUES ($1, 'TaskReminder', $2, $3, 0, $4)
            """, [instanceId, taskId.ToString(), dueAt, now]);
        tx.WakeWorkers(dueAt);
    }

    /// <summary>Sends the due reminder of <paramref name="taskId"/>. Ran is false when its instance is busy: the caller
    /// holds the work item, so waiting for the instance would invert the host's lock order (instance first, then
    /// tasks). Next is when the work item is due again, or null when the task needs no more reminders.</summary>
    public async Task<(bool Ran, DateTimeOffset? Next)> RemindAsync(WorkflowTransaction tx, Guid taskId, CancellationToken cancellationToken)
    {
        var peek = await ReadAsync(tx, taskId, forUpdate: false, cancellationToken);
        if (peek is null || !Due(peek))
        {
            return (true, null);
        }

        // The notification and journal rows reference the instance, whose row a burst holds FOR UPDATE: take it first.
        if (await Stores.InstanceStore.LockAsync(tx, peek.InstanceId, cancellationToken, skipLocked: true) is null)
        {
            return (false, null);
        }

        var task = await ReadAsync(tx, taskId, forUpdate: true, cancellationToken);
        if (task is null || !Due(task))
        {
            return (true, null);
        }

        var now = time.GetUtcNow();
        var recipients = task.Status == "Claimed" && task.Assignee is { } assignee ? [assignee] : task.Candidates;
        var sent = task.Sent + 1;
        tx.Write("UPDATE hub.workflow_tasks SET reminders_sent = $2, last_reminded_at = $3 WHERE id = $1", [taskId, sent, now]);
        TaskNotifications.Queue(tx, recipients, TaskNotifications.Reminder, "Reminder: ", taskId, now);
        TaskJournal.Queue(tx, task.InstanceId, task.NodeId, "TaskReminded", null, now,
            $"task {taskId}: reminder {sent} of {task.Limit} sent to {recipients.Length} person(s)");
        return (true, sent < task.Limit ? now + task.Every!.Value : null);
    }

    private static bool Due(ReminderRow task) =>
        task.Status is "Open" or "Claimed" && task.Every is not null && task.Sent < task.Limit;

    private static async Task<ReminderRow?> ReadAsync(WorkflowTransaction tx, Guid taskId, bool forUpdate, CancellationToken cancellationToken)
    {
        await using var command = tx.Command(forUpdate ? ReadTask + " FOR UPDATE" : ReadTask, taskId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ReminderRow(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<Guid[]>(3),
                reader.IsDBNull(4) ? null : reader.GetGuid(4), reader.IsDBNull(5) ? null : reader.GetTimeSpan(5), reader.GetInt32(6), reader.GetInt32(7))
            : null;
    }
}
