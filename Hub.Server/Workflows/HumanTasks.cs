using System.Text.Json;
using Hub.Workflows.Runtime;

namespace Hub.Server.Workflows;

/// <summary>
/// Acts on human tasks: claim, decide (approve, reject, return with a comment), delegate, escalate when overdue.
/// Only a candidate (or, once claimed, the assignee) may act; every act is journaled with who and when. Locks follow
/// the one order of the host: the instance row first, then its task rows.
/// </summary>
internal sealed class HumanTasks(WorkflowEngine engine, TimeProvider time)
{
    /// <summary>The outcome of an act: done, or refused with a status and a precise reason.</summary>
    public sealed record Act(int Status, string? Refusal, Guid InstanceId = default, string? InstanceStatus = null)
    {
        public static Act Done(Guid instanceId, string instanceStatus) => new(200, null, instanceId, instanceStatus);
    }

    private sealed record TaskRow(Guid Id, string RequestId, Guid InstanceId, string NodeId, string Status, Guid[] Candidates, Guid? Assignee, bool Escalated);

    public async Task<Act> ClaimAsync(Guid taskId, Guid userId, CancellationToken cancellationToken)
    {
        await using var tx = await engine.BeginAsync(cancellationToken);
        var (task, instance, refusal) = await LockForActorAsync(tx, taskId, userId, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        if (task!.Status == "Claimed")
        {
            return new Act(409, $"Task {taskId} is already claimed.");
        }

        tx.Write("UPDATE hub.workflow_tasks SET status = 'Claimed', assignee_id = $2 WHERE id = $1", [taskId, userId]);
        TaskJournal.Queue(tx, task.InstanceId, task.NodeId, "TaskClaimed", userId.ToString(), time.GetUtcNow(), $"task {taskId} claimed");
        await tx.CommitAsync(cancellationToken);
        return Act.Done(instance!.Id, instance.Status.ToString());
    }

    public async Task<Act> DelegateAsync(Guid taskId, Guid userId, Guid delegateId, string? comment, CancellationToken cancellationToken)
    {
        await using var tx = await engine.BeginAsync(cancellationToken);
        var (task, instance, refusal) = await LockForActorAsync(tx, taskId, userId, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        // The delegate replaces the delegating person among the candidates and is assigned the task.
        var candidates = task!.Candidates.Where(c => c != userId).Append(delegateId).Distinct().ToArray();
        tx.Write("UPDATE hub.workflow_tasks SET status = 'Claimed', assignee_id = $2, candidate_ids = $3 WHERE id = $1", [taskId, delegateId, candidates]);
        TaskJournal.Queue(tx, task.InstanceId, task.NodeId, "TaskDelegated", userId.ToString(), time.GetUtcNow(),
            $"task {taskId} delegated to user {delegateId}" + (comment is null ? "" : ": " + comment));
        await tx.CommitAsync(cancellationToken);
        return Act.Done(instance!.Id, instance.Status.ToString());
    }

    public async Task<Act> DecideAsync(Guid taskId, Guid userId, string decision, string? comment, CancellationToken cancellationToken)
    {
        await using var tx = await engine.BeginAsync(cancellationToken);
        var (task, instance, refusal) = await LockForActorAsync(tx, taskId, userId, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var requestId = task!.RequestId;
        var bookmark = instance!.State.Bookmarks.FirstOrDefault(b => b.Kind == BookmarkKind.HumanTask && b.TaskRequestIds.Contains(requestId));
        if (bookmark is null)
        {
            return new Act(409, $"Task {taskId} is no longer awaited by its instance.");
        }

        var now = time.GetUtcNow();
        tx.Write("UPDATE hub.workflow_tasks SET status = 'Decided', decision = $2, comment = $3, decided_by = $4, decided_at = $5, assignee_id = $4 WHERE id = $1",
            [taskId, decision, comment, userId, now]);
        TaskJournal.Queue(tx, task.InstanceId, task.NodeId, "TaskDecided", userId.ToString(), now,
            $"task {taskId}: {decision}" + (comment is null ? "" : ": " + comment));
        var payload = JsonSerializer.SerializeToElement(new { taskId = task.RequestId, decision, comment });
        try
        {
            var result = await engine.Committer.ApplyAsync(tx, instance, new ResumeStimulus(bookmark.Id, payload, userId.ToString()), cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return Act.Done(instance.Id, result.Status.ToString());
        }
        catch (StimulusRejectedException e)
        {
            return new Act(409, e.Message);
        }
    }

    /// <summary>An overdue task still open escalates once: the administrators above the instance's organisation
    /// join its candidates (DESIGN.md §3, "escalation on timeout"). False when the instance is busy: the caller already
    /// holds the work item, so waiting here for the instance would invert the host's lock order (instance first).</summary>
    public async Task<bool> EscalateAsync(WorkflowTransaction tx, Guid taskId, CancellationToken cancellationToken)
    {
        var task = await ReadAsync(tx, taskId, cancellationToken);
        if (task is null || task.Escalated || task.Status is not ("Open" or "Claimed"))
        {
            return true;
        }

        var instance = await Stores.InstanceStore.LockAsync(tx, task.InstanceId, cancellationToken, skipLocked: true);
        if (instance is null)
        {
            return false;
        }

        var admins = await TaskCandidates.AdministratorsAsync(tx, instance.OrganisationPath, cancellationToken);
        tx.Write("UPDATE hub.workflow_tasks SET escalated = true, candidate_ids = $2 WHERE id = $1 AND status IN ('Open', 'Claimed')",
            [taskId, task.Candidates.Union(admins).ToArray()]);
        var now = time.GetUtcNow();
        TaskJournal.Queue(tx, task.InstanceId, task.NodeId, "TaskEscalated", null, now,
            $"task {taskId} overdue: escalated to {admins.Count} administrator(s)");
        TaskNotifications.Queue(tx, admins.Except(task.Candidates).ToArray(), TaskNotifications.Escalated, "Overdue, now yours to decide: ", taskId, now);
        return true;
    }

    private static async Task<(TaskRow? Task, InstanceRecord? Instance, Act? Refusal)> LockForActorAsync(WorkflowTransaction tx, Guid taskId,
        Guid userId, CancellationToken cancellationToken)
    {
        // One round trip, the task read once: lock the task's instance first (the order every burst takes its locks in),
        // then read the task under its own lock. A task never moves to another instance, so finding it needs no lock.
        InstanceRecord? instance;
        TaskRow? task;
        await using (var batch = await tx.PreparedBatchAsync(cancellationToken,
            ($"SELECT {Stores.InstanceStore.Columns} FROM hub.workflow_instances i JOIN hub.organisations o ON o.id = i.organisation_id " +
             "WHERE i.id = (SELECT instance_id FROM hub.workflow_tasks WHERE id = $1) FOR UPDATE OF i", [taskId]),
            (TaskSelect + " FOR UPDATE", [taskId])))
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            instance = await reader.ReadAsync(cancellationToken) ? Stores.InstanceStore.Read(reader) : null;
            await reader.NextResultAsync(cancellationToken);
            task = await reader.ReadAsync(cancellationToken) ? ReadTask(reader) : null;
        }

        if (task is null || instance is null)
        {
            return (null, null, new Act(404, $"No task {taskId}."));
        }

        if (!task.Candidates.Contains(userId))
        {
            return (task, instance, new Act(403, $"The caller is not a candidate for task {taskId}."));
        }

        if (task.Status is "Decided" or "Cancelled")
        {
            return (task, instance, new Act(409, $"Task {taskId} is {task.Status.ToLowerInvariant()}."));
        }

        if (task.Status == "Claimed" && task.Assignee != userId)
        {
            return (task, instance, new Act(409, $"Task {taskId} is claimed by another candidate."));
        }

        return (task, instance, null);
    }

    private const string TaskSelect =
        "SELECT id, request_id, instance_id, node_id, status, candidate_ids, assignee_id, escalated FROM hub.workflow_tasks WHERE id = $1";

    private static async Task<TaskRow?> ReadAsync(WorkflowTransaction tx, Guid taskId, CancellationToken cancellationToken)
    {
        await using var command = await tx.PreparedAsync(TaskSelect, cancellationToken, taskId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadTask(reader) : null;
    }

    private static TaskRow ReadTask(Npgsql.NpgsqlDataReader reader) =>
        new(reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), reader.GetString(3), reader.GetString(4),
            reader.GetFieldValue<Guid[]>(5), reader.IsDBNull(6) ? null : reader.GetGuid(6), reader.GetBoolean(7));
}
