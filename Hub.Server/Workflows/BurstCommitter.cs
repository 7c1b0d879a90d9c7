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
        if (stimulus is RetryStimulus or SkipStimulus)
        {
            QueueWaitsAgain(tx, instance.Id, result, now);
        }
        InstanceStore.QueueJournal(tx, instance.Id, result.Journal);
        OutboxStore.Queue(tx, instance.Id, result.OutboundMessages, now);
        var unresolved = await QueueTasksAsync(tx, instance, result, now, cancellationToken);
        if (result.Status == WorkflowStatus.Faulted && result.Fault is { RetryAt: null } fault)
        {
            IncidentStore.QueueFault(tx, instance.Id, fault, now);
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

    /// <summary>The work a burst's bookmarks make due: cleared timers leave the queue, new timers and retries join it,
    /// and a signal that arrived early wakes the instance.</summary>
    private static void QueueDueWork(WorkflowTransaction tx, Guid instanceId, BurstResult result, DateTimeOffset now)
    {
        if (result.ClearedBookmarks.Count > 0)
        {
            WorkItemStore.QueueClearedTimers(tx, [.. result.ClearedBookmarks.Select(b => b.Id)]);
        }

        var created = result.NewBookmarks;
        // Timers and retries become due work; a retry's due time gets up to 25% jitter so a failing dependency is
        // not hit by every instance at the same instant.
        var due = created.Where(b => b.Kind is BookmarkKind.Timer or BookmarkKind.Retry && b.DueAt is not null).ToList();
        if (due.Count > 0)
        {
            WorkItemStore.QueueTimers(tx, instanceId, [.. due.Select(b => b.Id)],
                [.. due.Select(b => b.Kind == BookmarkKind.Retry ? Jitter(b.DueAt!.Value, b.DueAt!.Value - now) : b.DueAt!.Value)], now);
        }

        // A signal that arrived before its bookmark wakes the instance now.
        foreach (var signal in created.Where(b => b.Kind == BookmarkKind.Signal))
        {
            SignalStore.QueueTakeEarly(tx, instanceId, signal, now);
        }
    }

    /// <summary>An incident was resolved: the bookmarks that waited through it are due again. A timer or retry that fell
    /// due while the instance was faulted was void then (its bookmark stayed), so it is queued again and fires now; a
    /// signal wait takes a signal buffered meanwhile. Items still queued are left as they are.</summary>
    private static void QueueWaitsAgain(WorkflowTransaction tx, Guid instanceId, BurstResult result, DateTimeOffset now)
    {
        var waited = result.State.Bookmarks.Where(b => !result.NewBookmarks.Contains(b)).ToList();
        var timers = waited.Where(b => b.Kind is BookmarkKind.Timer or BookmarkKind.Retry && b.DueAt is not null).ToList();
        if (timers.Count > 0)
        {
            WorkItemStore.QueueTimers(tx, instanceId, [.. timers.Select(b => b.Id)], [.. timers.Select(b => b.DueAt!.Value)], now);
        }

        foreach (var signal in waited.Where(b => b.Kind == BookmarkKind.Signal))
        {
            SignalStore.QueueTakeEarly(tx, instanceId, signal, now);
        }
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
}
