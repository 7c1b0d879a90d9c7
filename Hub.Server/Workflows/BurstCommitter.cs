using System.Security.Cryptography;
using Hub.Server.Workflows.Stores;
using Hub.Workflows.Runtime;

namespace Hub.Server.Workflows;

/// <summary>
/// Runs one burst on a locked instance and queues everything it produced on the same transaction: the new state
/// under the row version, bookmarks, journal, tasks (candidates resolved now), outbox rows with their deliveries,
/// timers and retries as due work, incidents, and wake-ups for signals that arrived early (DESIGN.md §3,
/// "Execution"). The caller commits once.
/// </summary>
internal sealed class BurstCommitter(WorkflowRuntime runtime, SnapshotCache snapshots, WorkflowCounters counters, TimeProvider time)
{
    /// <summary>Runs <paramref name="stimulus"/>. A new instance (version 0, not yet stored) is inserted.
    /// <paramref name="at"/> is the time written to the row (default: now).</summary>
    /// <exception cref="StimulusRejectedException">The stimulus does not fit; nothing was queued.</exception>
    public async Task<BurstResult> ApplyAsync(WorkflowTransaction tx, InstanceRecord instance, WorkflowStimulus stimulus,
        CancellationToken cancellationToken, DateTimeOffset? at = null)
    {
        var snapshot = await snapshots.GetAsync(tx, instance.DefinitionHash, cancellationToken);
        var result = await runtime.RunBurstAsync(snapshot, instance.State, stimulus, cancellationToken);
        counters.BurstRan();
        var now = at ?? time.GetUtcNow();
        if (instance.Version == 0)
        {
            InstanceStore.QueueInsert(tx, instance, result.Status, result.State, now);
        }
        else
        {
            InstanceStore.QueueUpdate(tx, instance, result.Status, result.State, now);
        }

        InstanceStore.QueueBookmarks(tx, instance.Id, result.ClearedBookmarks, result.NewBookmarks);
        QueueDueWork(tx, instance.Id, result, now);
        InstanceStore.QueueJournal(tx, instance.Id, result.Journal);
        QueueOutbox(tx, instance.Id, result, now);
        await QueueTasksAsync(tx, instance, result, now, cancellationToken);
        if (result.Status == WorkflowStatus.Faulted && result.Fault is { RetryAt: null } fault)
        {
            IncidentStore.QueueFault(tx, instance.Id, fault, now);
        }

        return result;
    }

    /// <summary>The work a burst's bookmarks make due: cleared timers leave the queue, new timers and retries join it,
    /// and a signal that arrived early wakes the instance.</summary>
    private static void QueueDueWork(WorkflowTransaction tx, Guid instanceId, BurstResult result, DateTimeOffset now)
    {
        if (result.ClearedBookmarks.Count > 0)
        {
            tx.Write("DELETE FROM hub.workflow_work_items WHERE kind = 'Resume' AND target = ANY($1)", [result.ClearedBookmarks.Select(b => b.Id).ToArray()]);
        }

        var created = result.NewBookmarks;
        // Timers and retries become due work; a retry's due time gets up to 25% jitter so a failing dependency is
        // not hit by every instance at the same instant.
        var due = created.Where(b => b.Kind is BookmarkKind.Timer or BookmarkKind.Retry && b.DueAt is not null).ToList();
        if (due.Count > 0)
        {
            var at = due.Select(b => b.Kind == BookmarkKind.Retry ? Jitter(b.DueAt!.Value, b.DueAt!.Value - now) : b.DueAt!.Value).ToArray();
            tx.Write("""
                INSERT INTO hub.workflow_work_items (instance_id, kind, target, due_at, attempts, created_at)
                SELECT $1, 'Resume', t.target, t.due, 0, $4 FROM unnest($2::text[], $3::timestamptz[]) AS t(target, due)
                ON CONFLICT (kind, target) DO NOTHING
                """, [instanceId, due.Select(b => b.Id).ToArray(), at, now]);
            tx.WakeWorkers(at.Min());
        }

        // A signal that arrived before its bookmark wakes the instance now. The advisory lock per (name, key) orders
        // this against POST /api/workflow-signals, so a signal is either seen here or finds the bookmark there.
        foreach (var signal in created.Where(b => b.Kind == BookmarkKind.Signal))
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
                SELECT $1, 'Signal', taken.id::text, $4, 0, $4 FROM taken
                """, [instanceId, signal.SignalName, signal.CorrelationKey, now]);
            tx.WakeWorkers(now);
        }
    }

    private static void QueueOutbox(WorkflowTransaction tx, Guid instanceId, BurstResult result, DateTimeOffset now)
    {
        foreach (var message in result.OutboundMessages)
        {
            // A replayed burst emits the same key: the first row stands and no second delivery is queued.
            tx.Write("""
                WITH stored AS (
                    INSERT INTO hub.workflow_outbox (idempotency_key, instance_id, node_id, kind, payload, status, attempts, created_at)
                    VALUES ($1, $2, $3, $4, $5, 'Pending', 0, $6) ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key)
                INSERT INTO hub.workflow_work_items (instance_id, kind, target, due_at, attempts, created_at)
                SELECT $2, 'Deliver', stored.idempotency_key, $6, 0, $6 FROM stored
                """, [message.IdempotencyKey, instanceId, message.NodeId, message.Kind,
                new WorkflowTransaction.Json(message.Payload.GetRawText()), now]);
            tx.WakeWorkers(now);
        }
    }

    private static async Task QueueTasksAsync(WorkflowTransaction tx, InstanceRecord instance, BurstResult result, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        foreach (var request in result.TaskRequests)
        {
            var resolution = await TaskCandidates.ResolveAsync(tx, instance, request.Candidates, cancellationToken);
            var taskId = Guid.NewGuid();
            tx.Write("""
                INSERT INTO hub.workflow_tasks (id, request_id, instance_id, organisation_id, node_id, title, slot, status,
                    candidate_ids, due_at, escalated, remind_every, reminder_limit, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, 'Open', $8, $9, false, $10, $11, $12)
                """, [taskId, request.Id, instance.Id, instance.OrganisationId, request.NodeId, Truncate(request.Title, 400), request.Slot,
                resolution.UserIds, request.DueAt, request.Reminders?.Every, request.Reminders?.Limit ?? 0, now]);
            TaskJournal.Queue(tx, instance.Id, request.NodeId, "TaskCreated", null, now,
                resolution.FellBack
                    ? $"task {taskId}: no candidate resolved; the organisation's administrators decide ({resolution.UserIds.Length})"
                    : $"task {taskId}: {resolution.UserIds.Length} candidate(s)");
            if (request.DueAt is { } due)
            {
                tx.Write("""
                    INSERT INTO hub.workflow_work_items (instance_id, kind, target, due_at, attempts, created_at)
                    VALUES ($1, 'TaskDue', $2, $3, 0, $4)
                    """, [instance.Id, taskId.ToString(), due, now]);
                tx.WakeWorkers(due);
            }

            if (request.Reminders is { } reminders)
            {
                TaskReminder.Schedule(tx, instance.Id, taskId, now + reminders.Every, now);
            }
        }

        // Tasks whose request no bookmark waits for any more (decided elsewhere, quorum reached, branch cancelled,
        // instance stopped) are cancelled in the same commit.
        var open = result.State.Bookmarks.Where(b => b.Kind == BookmarkKind.HumanTask).SelectMany(b => b.TaskRequestIds).ToArray();
        tx.Write("""
            UPDATE hub.workflow_tasks SET status = 'Cancelled'
            WHERE instance_id = $1 AND status IN ('Open', 'Claimed') AND NOT (request_id = ANY($2))
            """, [instance.Id, open]);
    }

    private static DateTimeOffset Jitter(DateTimeOffset due, TimeSpan backoff) =>
        backoff <= TimeSpan.Zero ? due : due + backoff * (RandomNumberGenerator.GetInt32(0, 250) / 1000.0);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
