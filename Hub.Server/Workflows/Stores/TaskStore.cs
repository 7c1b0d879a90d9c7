using System.Text.Json;
using Hub.Workflows.Activities;
using Hub.Workflows.HumanTasks;
using Npgsql;

namespace Hub.Server.Workflows.Stores;

/// <summary>
/// Every statement over <c>hub.workflow_tasks</c>, the task acts' journal rows and the notifications they leave. Locks
/// follow the one order of the host: the instance row first, then its task rows. Writes are queued on the
/// <see cref="WorkflowTransaction"/> and go out with its commit.
/// </summary>
internal static class TaskStore
{
    /// <summary>A task as stored: the aggregate plus what the host keeps beside it.</summary>
    public sealed record StoredTask(HumanTask Task, Guid OrganisationId, string Title);

    /// <summary>An open task of the inbox.</summary>
    public sealed record InboxTask(Guid Id, Guid InstanceId, Guid OrganisationId, string NodeId, string Title, HumanTaskStatus Status,
        Guid[] Candidates, Guid? Assignee, DateTimeOffset? DueAt, bool Escalated, string? Decision, string? Comment, DateTimeOffset CreatedAt);

    /// <summary>What a reminder needs of a task.</summary>
    public sealed record ReminderState(HumanTask Task, TimeSpan? Every, int Limit, int Sent);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string TaskColumns = "id, request_id, instance_id, node_id, status, candidate_ids, assignee_id, escalated, organisation_id, title";

    private static readonly string[] OpenStatuses = StoredText.Of(HumanTaskStatus.Open, HumanTaskStatus.Claimed);

    /// <summary>Locks a task's instance, then the task, in one round trip; nulls when there is no such task.</summary>
    public static async Task<(InstanceRecord? Instance, StoredTask? Task)> LockForActAsync(WorkflowTransaction tx, Guid taskId,
        CancellationToken cancellationToken)
    {
        // A task never moves to another instance, so finding its instance needs no lock; the instance is locked first,
        // the order every burst takes its locks in, then the task under its own lock.
        await using var batch = await tx.PreparedBatchAsync(cancellationToken,
            ($"SELECT {InstanceStore.Columns} FROM hub.workflow_instances i JOIN hub.organisations o ON o.id = i.organisation_id " +
             "WHERE i.id = (SELECT instance_id FROM hub.workflow_tasks WHERE id = $1) FOR UPDATE OF i", [taskId]),
            ($"SELECT {TaskColumns} FROM hub.workflow_tasks WHERE id = $1 FOR UPDATE", [taskId]));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var instance = await reader.ReadAsync(cancellationToken) ? InstanceStore.Read(reader) : null;
        await reader.NextResultAsync(cancellationToken);
        var task = await reader.ReadAsync(cancellationToken) ? ReadTask(reader) : null;
        return (instance, task);
    }

    /// <summary>Reads a task, under its row lock when <paramref name="forUpdate"/>; null when there is none.</summary>
    public static async Task<StoredTask?> ReadAsync(WorkflowTransaction tx, Guid taskId, bool forUpdate, CancellationToken cancellationToken)
    {
        await using var command = await tx.PreparedAsync($"SELECT {TaskColumns} FROM hub.workflow_tasks WHERE id = $1" + (forUpdate ? " FOR UPDATE" : ""),
            cancellationToken, taskId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadTask(reader) : null;
    }

    /// <summary>The open tasks naming <paramref name="personId"/> as a candidate and held by nobody else, oldest first.</summary>
    public static async Task<List<InboxTask>> InboxAsync(NpgsqlDataSource db, Guid personId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            SELECT id, instance_id, organisation_id, node_id, title, status, candidate_ids, assignee_id, due_at, escalated, decision, comment, created_at
            FROM hub.workflow_tasks WHERE status = ANY($2) AND candidate_ids @> ARRAY[$1]::uuid[]
              AND (assignee_id IS NULL OR assignee_id = $1) ORDER BY created_at LIMIT 500
            """);
        command.Parameters.AddWithValue(personId);
        command.Parameters.AddWithValue(OpenStatuses);
        var list = new List<InboxTask>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(ReadInboxTask(reader));
        }

        return list;
    }

    /// <summary>One task as its detail page shows it, with where its instance runs; null when there is none.</summary>
    public sealed record TaskDetail(InboxTask Task, Guid? DecidedBy, DateTimeOffset? DecidedAt, string OrganisationPath);

    /// <summary>The task <paramref name="taskId"/> in any status; null when there is none.</summary>
    public static async Task<TaskDetail?> DetailAsync(NpgsqlDataSource db, Guid taskId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            SELECT t.id, t.instance_id, t.organisation_id, t.node_id, t.title, t.status, t.candidate_ids, t.assignee_id, t.due_at, t.escalated,
                   t.decision, t.comment, t.created_at, t.decided_by, t.decided_at, o.path
            FROM hub.workflow_tasks t JOIN hub.organisations o ON o.id = t.organisation_id WHERE t.id = $1
            """);
        command.Parameters.AddWithValue(taskId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new TaskDetail(ReadInboxTask(reader), reader.IsDBNull(13) ? null : reader.GetGuid(13), reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14),
            reader.GetString(15));
    }

    /// <summary>A task from the first 13 columns in the order <see cref="InboxAsync"/> selects them.</summary>
    private static InboxTask ReadInboxTask(NpgsqlDataReader reader) => new(reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetString(3),
        reader.GetString(4), StoredText.Parse<HumanTaskStatus>(reader.GetString(5)), reader.GetFieldValue<Guid[]>(6), reader.IsDBNull(7) ? null : reader.GetGuid(7),
        reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8), reader.GetBoolean(9), reader.IsDBNull(10) ? null : reader.GetString(10),
        reader.IsDBNull(11) ? null : reader.GetString(11), reader.GetFieldValue<DateTimeOffset>(12));

    /// <summary>The open tasks of an instance in creation order, each with who would decide it for <c>./hub workflow run</c>:
    /// its assignee, else the candidate deepest in the tree (then by user name); <see cref="Guid.Empty"/> when it has none.</summary>
    public static async Task<List<(Guid Id, string NodeId, Guid Decider)>> OpenWithDeciderAsync(NpgsqlDataSource db, Guid instanceId,
        CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            SELECT t.id, t.node_id, coalesce(t.assignee_id,
                (SELECT u.id FROM unnest(t.candidate_ids) AS c(id) JOIN hub.users u ON u.id = c.id
                 JOIN hub.organisations o ON o.id = u.organisation_id ORDER BY length(o.path) DESC, u.user_name LIMIT 1))
            FROM hub.workflow_tasks t WHERE t.instance_id = $1 AND t.status = ANY($2) ORDER BY t.created_at, t.slot
            """);
        command.Parameters.AddWithValue(instanceId);
        command.Parameters.AddWithValue(OpenStatuses);
        var open = new List<(Guid, string, Guid)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            open.Add((reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? Guid.Empty : reader.GetGuid(2)));
        }

        return open;
    }

    /// <summary>A decided task.</summary>
    public sealed record Decision(string NodeId, string DecidedBy, string Value, string? Comment);

    /// <summary>An instance's decided tasks in the order they were decided.</summary>
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

    /// <summary>A decided task as an approver's view lists it.</summary>
    public sealed record Decided(string NodeId, string Title, string Decision, Guid DecidedBy, string? Comment, DateTimeOffset DecidedAt);

    /// <summary>An instance's decided tasks with who decided and when, oldest first.</summary>
    public static async Task<List<Decided>> DecidedAsync(NpgsqlDataSource db, Guid instanceId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            SELECT node_id, title, decision, decided_by, comment, decided_at FROM hub.workflow_tasks
            WHERE instance_id = $1 AND status = $2 AND decided_by IS NOT NULL AND decided_at IS NOT NULL ORDER BY decided_at, slot
            """);
        command.Parameters.AddWithValue(instanceId);
        command.Parameters.AddWithValue(StoredText.Of(HumanTaskStatus.Decided));
        var decided = new List<Decided>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            decided.Add(new Decided(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetGuid(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return decided;
    }

    /// <summary>Queues a new task for <paramref name="request"/> with its candidates, its due escalation and its first reminder.</summary>
    public static Guid QueueCreate(WorkflowTransaction tx, InstanceRecord instance, TaskRequest request, IReadOnlyList<Guid> candidates, DateTimeOffset now)
    {
        var taskId = Guid.NewGuid();
        tx.Write("""
            INSERT INTO hub.workflow_tasks (id, request_id, instance_id, organisation_id, node_id, title, slot, status,
                candidate_ids, due_at, escalated, remind_every, reminder_limit, created_at, escalate_to)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $13, $8, $9, false, $10, $11, $12, $14)
            """, [taskId, request.Id, instance.Id, instance.OrganisationId, request.NodeId, StoredText.Fit(request.Title, 400), request.Slot,
            candidates.ToArray(), request.DueAt, request.Reminders?.Every, request.Reminders?.Limit ?? 0, now, StoredText.Of(HumanTaskStatus.Open),
            new WorkflowTransaction.Json(request.EscalateTo is { Count: > 0 } to ? JsonSerializer.Serialize(to, Json) : null)]);
        if (request.DueAt is { } due)
        {
            tx.Write("""
                INSERT INTO hub.workflow_work_items (instance_id, kind, target, due_at, attempts, created_at)
                VALUES ($1, $2, $3, $4, 0, $5)
                """, [instance.Id, StoredText.Of(WorkItemKind.TaskDue), taskId.ToString(), due, now]);
            tx.WakeWorkers(due);
        }

        if (request.Reminders is { } reminders)
        {
            QueueReminder(tx, instance.Id, taskId, now + reminders.Every, now);
        }

        return taskId;
    }

    /// <summary>Who the task's step said an overdue task goes to; empty when it said nothing (the administrators take it).</summary>
    public static async Task<IReadOnlyList<ApprovalCandidate>> EscalationTargetsAsync(WorkflowTransaction tx, Guid taskId, CancellationToken cancellationToken)
    {
        await using var command = await tx.PreparedAsync("SELECT escalate_to::text FROM hub.workflow_tasks WHERE id = $1", cancellationToken, taskId);
        return await command.ExecuteScalarAsync(cancellationToken) is string json
            ? JsonSerializer.Deserialize<List<ApprovalCandidate>>(json, Json) ?? []
            : [];
    }

    /// <summary>Cancels the open tasks of an instance whose request no bookmark waits for any more (decided elsewhere,
    /// quorum reached, branch cancelled, instance stopped); all of them when <paramref name="awaitedRequests"/> is empty.</summary>
    public static void QueueCancelUnawaited(WorkflowTransaction tx, Guid instanceId, string[] awaitedRequests) =>
        tx.Write("""
            UPDATE hub.workflow_tasks SET status = $3
            WHERE instance_id = $1 AND status = ANY($4) AND NOT (request_id = ANY($2))
            """, [instanceId, awaitedRequests, StoredText.Of(HumanTaskStatus.Cancelled), OpenStatuses]);

    /// <summary>Queues the state an act left <paramref name="task"/> in: status, assignee and candidates.</summary>
    public static void QueueAct(WorkflowTransaction tx, HumanTask task) =>
        tx.Write("UPDATE hub.workflow_tasks SET status = $2, assignee_id = $3, candidate_ids = $4 WHERE id = $1",
            [task.Id, StoredText.Of(task.Status), task.Assignee, task.Candidates.ToArray()]);

    /// <summary>Queues a decision with who gave it and when.</summary>
    public static void QueueDecision(WorkflowTransaction tx, HumanTask task, string decision, string? comment, Guid decider, DateTimeOffset at) =>
        tx.Write("UPDATE hub.workflow_tasks SET status = $6, decision = $2, comment = $3, decided_by = $4, decided_at = $5, assignee_id = $4 WHERE id = $1",
            [task.Id, decision, comment, decider, at, StoredText.Of(HumanTaskStatus.Decided)]);

    /// <summary>Queues an escalation: the task is marked and its candidates widened, if it is still open.</summary>
    public static void QueueEscalation(WorkflowTransaction tx, HumanTask task) =>
        tx.Write("UPDATE hub.workflow_tasks SET escalated = true, candidate_ids = $2 WHERE id = $1 AND status = ANY($3)",
            [task.Id, task.Candidates.ToArray(), OpenStatuses]);

    /// <summary>Queues a journal row for an act on a task (created, claimed, delegated, decided, escalated, reminded).</summary>
    public static void QueueJournal(WorkflowTransaction tx, Guid instanceId, string nodeId, string act, string? actor, DateTimeOffset at, string message) =>
        InstanceStore.QueueInstanceAct(tx, instanceId, act, actor, message, at, nodeId, "Approval");

    /// <summary>Leaves a notification per recipient about <paramref name="taskId"/>, in the transaction of the act that
    /// caused it; the subject is <paramref name="prefix"/> and the task's title, never instance data, because
    /// notifications outlive the people's right to see the instance.</summary>
    public static void QueueNotifications(WorkflowTransaction tx, IReadOnlyCollection<Guid> recipients, string kind, string prefix, Guid taskId,
        DateTimeOffset at)
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

    /// <summary>Queues the reminder of <paramref name="taskId"/> due at <paramref name="dueAt"/>.</summary>
    public static void QueueReminder(WorkflowTransaction tx, Guid instanceId, Guid taskId, DateTimeOffset dueAt, DateTimeOffset now)
    {
        tx.Write("""
            INSERT INTO hub.workflow_work_items (instance_id, kind, target, due_at, attempts, created_at)
            VALUES ($1, $2, $3, $4, 0, $5)
            """, [instanceId, StoredText.Of(WorkItemKind.TaskReminder), taskId.ToString(), dueAt, now]);
        tx.WakeWorkers(dueAt);
    }

    /// <summary>Reads what a reminder needs of a task; null when there is none.</summary>
    public static async Task<ReminderState?> ReadReminderAsync(WorkflowTransaction tx, Guid taskId, bool forUpdate, CancellationToken cancellationToken)
    {
        await using var command = tx.Command(
            $"SELECT {TaskColumns}, remind_every, reminder_limit, reminders_sent FROM hub.workflow_tasks WHERE id = $1" + (forUpdate ? " FOR UPDATE" : ""),
            taskId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ReminderState(ReadTask(reader).Task, reader.IsDBNull(10) ? null : reader.GetTimeSpan(10), reader.GetInt32(11), reader.GetInt32(12))
            : null;
    }

    /// <summary>Records that reminder number <paramref name="sent"/> went out at <paramref name="at"/>.</summary>
    public static void QueueReminderSent(WorkflowTransaction tx, Guid taskId, int sent, DateTimeOffset at) =>
        tx.Write("UPDATE hub.workflow_tasks SET reminders_sent = $2, last_reminded_at = $3 WHERE id = $1", [taskId, sent, at]);

    private static StoredTask ReadTask(NpgsqlDataReader reader) =>
        new(new HumanTask(reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), reader.GetString(3), StoredText.Parse<HumanTaskStatus>(reader.GetString(4)),
                reader.GetFieldValue<Guid[]>(5), reader.IsDBNull(6) ? null : reader.GetGuid(6), reader.GetBoolean(7)),
            reader.GetGuid(8), reader.GetString(9));

}
