namespace Hub.Server.Workflows;

/// <summary>
/// Leaves a notification in each recipient's inbox (<c>GET /api/notifications</c>), in the transaction of the act
/// that caused it, so a reminder or escalation is either recorded and announced or neither. Subjects carry the task's
/// title only, never instance data, because notifications outlive the people's right to see the instance.
/// </summary>
internal static class TaskNotifications
{
    public const string Reminder = "TaskReminder";
    public const string Escalated = "TaskEscalated";

    /// <summary>Queues one notification per recipient about task <paramref name="taskId"/>, its subject the
    /// <paramref name="prefix"/> and the task's title.</summary>
    public static void Queue(WorkflowTransaction tx, IReadOnlyCollection<Guid> recipients, string kind, string prefix, Guid taskId, DateTimeOffset at)
    {
        if (recipients.Count == 0)
        {
            return;
        }

        tx.Write("""
            INSERT INTO hub.notifications (id, recipient_id, organisation_id, kind, subject, task_id, instance_id, created_at)
            SELECT gen_random_uuid(), r.id, t.organisation_id, $2, left($3 || t.title, 400), t.id, t.instance_id, $5
            FROM unnest($1::uuid[]) AS r(id) CROSS JOIN hub.workflow_tasks t WHERE t.id = $4
            """, [recipients.ToArray(), kind, prefix, taskId, at]);
    }
}
