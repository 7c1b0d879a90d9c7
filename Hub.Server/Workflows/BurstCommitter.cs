using System.Security.Cryptography;
using System.Text.Json;
using Hub.Server.Workflows.Stores;
using Hub.Workflows.Activities;
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
        OutboxStore.Queue(tx, instance.Id, result.OutboundMessages, now);
        var unresolved = await QueueTasksAsync(tx, instance, result, now, cancellationToken);
        if (result.Status == WorkflowStatus.Faulted && result.Fault is { RetryAt: null } fault)
        {
            tx.Write("""
                INSERT INTO hub.workflow_incidents (id, instance_id, kind, node_id, error_type, message, attempt, status, created_at)
                VALUES ($1, $2, 'Fault', $3, $4, $5, $6, 'Open', $7)
                """, [Guid.NewGuid(), instance.Id, fault.NodeId, Truncate(fault.ErrorType, 200), fault.Message, fault.Attempt, now]);
        }

        if (unresolved.Count > 0 && result.Status == WorkflowStatus.Suspended
            && result.State.Bookmarks.FirstOrDefault(b => b.Kind == BookmarkKind.HumanTask && b.TaskRequestIds.Contains(unresolved[0].RequestId)) is { } waiting)
        {
            // A task nobody can decide must not wait: the approval is told in the same commit, and faults naming who was
            // missing (an incident an operator retries once the organisation is fixed).
            var (requestId, why) = unresolved[0];
            var told = new ResumeStimulus(waiting.Id, JsonSerializer.SerializeToElement(new { taskId = requestId, unresolved = why }), "directory");
            return await ApplyAsync(tx, instance with { State = result.State, Version = instance.Version + 1 }, told, cancellationToken, now);
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

    /// <summary>Creates the tasks the burst requested, their candidates resolved now by the directory, and cancels the
    /// tasks no bookmark waits for any more. Returns the requests whose candidates named nobody while their step does not
    /// escalate, with why.</summary>
    private static async Task<List<(string RequestId, string Why)>> QueueTasksAsync(WorkflowTransaction tx, InstanceRecord instance, BurstResult result,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var unresolved = new List<(string, string)>();
        if (result.TaskRequests.Count > 0)
        {
            var directory = HumanTasks.Directory(tx);
            var scope = HumanTasks.ScopeOf(instance);
            foreach (var request in result.TaskRequests)
            {
                var resolution = await directory.ResolveAsync(scope, request.Candidates, cancellationToken);
                var people = resolution.People;
                var missing = string.Join("; ", resolution.Unresolved);
                var note = resolution.Unresolved.Count == 0 ? "" : $"; unresolved: {missing}";
                if (people.Count == 0 && request.WhenNoCandidate == WhenNoCandidate.Escalate)
                {
                    people = await directory.AdministratorsAsync(scope, cancellationToken);
                    note = $"; no candidate resolved ({missing}), so the administrators decide as the step declares";
                }

                if (people.Count == 0)
                {
                    TaskStore.QueueJournal(tx, instance.Id, request.NodeId, "TaskUnresolved", null, now, $"request {request.Id}: no candidate resolved: {missing}");
                    unresolved.Add((request.Id, missing.Length == 0 ? "nobody to ask" : missing));
                    continue;
                }

                var taskId = TaskStore.QueueCreate(tx, instance, request, people, now);
                TaskStore.QueueJournal(tx, instance.Id, request.NodeId, "TaskCreated", null, now, $"task {taskId}: {people.Count} candidate(s){note}");
            }
        }

        var open = result.State.Bookmarks.Where(b => b.Kind == BookmarkKind.HumanTask).SelectMany(b => b.TaskRequestIds).ToArray();
        TaskStore.QueueCancelUnawaited(tx, instance.Id, open);
        return unresolved;
    }

    private static DateTimeOffset Jitter(DateTimeOffset due, TimeSpan backoff) =>
        backoff <= TimeSpan.Zero ? due : due + backoff * (RandomNumberGenerator.GetInt32(0, 250) / 1000.0);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
