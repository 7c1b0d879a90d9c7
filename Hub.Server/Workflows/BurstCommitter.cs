using System.Security.Cryptography;
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
        var status = result.Status.ToString();
        if (instance.Version == 0)
        {
            tx.Write("""
                INSERT INTO hub.workflow_instances (id, definition_row_id, definition_hash, organisation_id, applicant_id,
                    correlation_key, status, state, version, created_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9)
                """, [instance.Id, instance.DefinitionRowId, instance.DefinitionHash, instance.OrganisationId, instance.ApplicantId,
                instance.CorrelationKey, status, new WorkflowTransaction.Json(result.State.ToJson()), now]);
        }
        else
        {
            tx.Write("UPDATE hub.workflow_instances SET state = $2, status = $3, version = version + 1, updated_at = $4 WHERE id = $1 AND version = $5",
                [instance.Id, new WorkflowTransaction.Json(result.State.ToJson()), status, now, instance.Version],
                $"instance {instance.Id} changed since version {instance.Version} was read");
        }

        QueueBookmarks(tx, instance.Id, result, now);
        QueueJournal(tx, instance.Id, result.Journal);
        QueueOutbox(tx, instance.Id, result, now);
        await QueueTasksAsync(tx, instance, result, now, cancellationToken);
        if (result.Status == WorkflowStatus.Faulted && result.Fault is { RetryAt: null } fault)
        {
            tx.Write("""
                INSERT INTO hub.workflow_incidents (id, instance_id, kind, node_id, error_type, message, attempt, status, created_at)
                VALUES ($1, $2, 'Fault', $3, $4, $5, $6, 'Open', $7)
                """, [Guid.NewGuid(), instance.Id, fault.NodeId, Truncate(fault.ErrorType, 200), fault.Message, fault.Attempt, now]);
        }

        return result;
    }

    private static void QueueBookmarks(WorkflowTransaction tx, Guid instanceId, BurstResult result, DateTimeOffset now)
    {
        if (result.ClearedBookmarks.Count > 0)
        {
            var ids = result.ClearedBookmarks.Select(b => b.Id).ToArray();
            tx.Write("DELETE FROM hub.workflow_bookmarks WHERE id = ANY($1)", [ids]);
            tx.Write("DELETE FROM hub.workflow_work_items WHERE kind = 'Resume' AND target = ANY($1)", [ids]);
        }

        var created = result.NewBookmarks;
        if (created.Count == 0)
        {
            return;
        }

        tx.Write("""
            INSERT INTO hub.workflow_bookmarks (id, instance_id, node_id, kind, due_at, signal_name, correlation_key, idempotency_key)
            SELECT b.id, $1, b.node, b.kind, b.due, b.signal, b.corr, b.idem
            FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[])
                 AS b(id, node, kind, due, signal, corr, idem)
            """, [instanceId, created.Select(b => b.Id).ToArray(), created.Select(b => b.NodeId).ToArray(),
            created.Select(b => b.Kind.ToString()).ToArray(), created.Select(b => b.DueAt?.UtcDateTime).ToArray(),
            created.Select(b => b.SignalName).ToArray(), created.Select(b => b.CorrelationKey).ToArray(),
            created.Select(b => b.IdempotencyKey).ToArray()]);

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

    private static void QueueJournal(WorkflowTransaction tx, Guid instanceId, IReadOnlyList<JournalEntry> journal)
    {
        if (journal.Count == 0)
        {
            return;
        }

        tx.Write("""
            INSERT INTO hub.workflow_journal (instance_id, node_id, activity_type, event, iteration, attempt, outcomes, actor,
                inputs, message, started_at, finished_at)
            SELECT $1, j.node, j.type, j.event, j.iteration, j.attempt, string_to_array(j.outcomes, chr(31)), j.actor,
                   j.inputs::jsonb, j.message, j.started, j.finished
            FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::text[], $8::text[], $9::text[],
                        $10::text[], $11::timestamptz[], $12::timestamptz[])
                 AS j(node, type, event, iteration, attempt, outcomes, actor, inputs, message, started, finished)
            """, [instanceId, journal.Select(j => j.NodeId).ToArray(), journal.Select(j => j.ActivityType).ToArray(),
            journal.Select(j => j.Event.ToString()).ToArray(), journal.Select(j => j.Iteration).ToArray(),
            journal.Select(j => j.Attempt).ToArray(), journal.Select(j => string.Join('\u001f', j.Outcomes)).ToArray(),
            journal.Select(j => j.Actor).ToArray(), journal.Select(j => j.Inputs?.GetRawText()).ToArray(),
            journal.Select(j => j.Message).ToArray(), journal.Select(j => j.StartedAt).ToArray(), journal.Select(j => j.FinishedAt).ToArray()]);
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
