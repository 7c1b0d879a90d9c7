using Hub.Server.Workflows.Stores;

namespace Hub.Server.Workflows;

/// <summary>
/// Reminds the people an open task waits for (DESIGN.md §3, human tasks: "reminders"): its assignee once claimed,
/// otherwise every candidate. Each reminder is a due work item; sending one leaves a notification per recipient, a
/// journal entry and, until the task's limit is reached, the next work item, all in the work item's transaction. A
/// task decided or cancelled meanwhile reminds nobody.
/// </summary>
internal sealed class TaskReminder(TimeProvider time)
{
    /// <summary>Reminder notifications' kind.</summary>
    public const string Notification = "TaskReminder";

    /// <summary>Sends the due reminder of <paramref name="taskId"/>. Ran is false when its instance is busy: the caller
    /// holds the work item, so waiting for the instance would invert the host's lock order (instance first, then
    /// tasks). Next is when the work item is due again, or null when the task needs no more reminders.</summary>
    public async Task<(bool Ran, DateTimeOffset? Next)> RemindAsync(WorkflowTransaction tx, Guid taskId, CancellationToken cancellationToken)
    {
        var peek = await TaskStore.ReadReminderAsync(tx, taskId, forUpdate: false, cancellationToken);
        if (peek is null || !Due(peek))
        {
            return (true, null);
        }

        // The notification and journal rows reference the instance, whose row a burst holds FOR UPDATE: take it first.
        if (await Stores.InstanceStore.LockAsync(tx, peek.Task.InstanceId, cancellationToken, skipLocked: true) is null)
        {
            return (false, null);
        }

        var reminder = await TaskStore.ReadReminderAsync(tx, taskId, forUpdate: true, cancellationToken);
        if (reminder is null || !Due(reminder))
        {
            return (true, null);
        }

        var now = time.GetUtcNow();
        var task = reminder.Task;
        Guid[] recipients = task.Status == Hub.Workflows.HumanTasks.HumanTaskStatus.Claimed && task.Assignee is { } assignee ? [assignee] : [.. task.Candidates];
        var sent = reminder.Sent + 1;
        TaskStore.QueueReminderSent(tx, taskId, sent, now);
        TaskStore.QueueNotifications(tx, recipients, Notification, "Reminder: ", taskId, now);
        TaskStore.QueueJournal(tx, task.InstanceId, task.NodeId, "TaskReminded", null, now,
            $"task {taskId}: reminder {sent} of {reminder.Limit} sent to {recipients.Length} person(s)");
        return (true, sent < reminder.Limit ? now + reminder.Every!.Value : null);
    }

    private static bool Due(TaskStore.ReminderState reminder) => reminder.Task.IsOpen && reminder.Every is not null && reminder.Sent < reminder.Limit;
}
