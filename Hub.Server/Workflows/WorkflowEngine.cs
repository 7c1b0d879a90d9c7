using System.Text.Json;
using Hub.Server.Workflows.Stores;
using Hub.Workflows.Definitions.Inputs;
using Hub.Workflows.Runtime;
using Npgsql;

namespace Hub.Server.Workflows;

/// <summary>
/// The host's entry to running instances: start, signal, cancel, and the one pattern every stimulus follows —
/// lock the instance, run the burst, commit once (<see cref="RunAsync"/>). Handlers and workers use it; API access
/// checks happen before.
/// </summary>
internal sealed class WorkflowEngine(NpgsqlDataSource dataSource, BurstCommitter committer, SnapshotCache snapshots,
    WorkflowCounters counters, WorkSignal signal, WorkflowHostOptions options, TimeProvider time)
{
    public NpgsqlDataSource DataSource => dataSource;

    public WorkflowCounters Counters => counters;

    public BurstCommitter Committer => committer;

    public Task<WorkflowTransaction> BeginAsync(CancellationToken cancellationToken) =>
        WorkflowTransaction.BeginAsync(dataSource, counters, signal, cancellationToken);

    /// <summary>A started instance, or the existing one when the correlation key was used before (a safe retry). A new
    /// instance carries the state and time it was committed with, so the answer needs no read after the commit. When
    /// <see cref="Refused"/> is set nothing started and nothing was written: the input was refused.</summary>
    public sealed record Started(Guid InstanceId, bool Existing, WorkflowStatus Status, InstanceState? State = null, DateTimeOffset CreatedAt = default,
        InstanceAct.InputRefused? Refused = null);

    /// <summary>Starts an instance of the published definition <paramref name="definitionRowId"/> and runs its first
    /// burst in the same transaction as its insert. The input is checked first, against the size limits and the
    /// definition's input schema; a refusal (<see cref="Started.Refused"/>) opens no transaction.</summary>
    public async Task<Started> StartAsync(Guid definitionRowId, string contentHash, string document, Guid organisationId,
        string organisationPath, Guid? applicantId, string? correlationKey, JsonElement input, string? actor, CancellationToken cancellationToken)
    {
        var problems = InputSchemaValidator.ValidateStart(snapshots.FromDocument(contentHash, document).Definition.InputSchema, input, options.InputLimits);
        if (problems.Count > 0)
        {
            return new Started(Guid.Empty, false, WorkflowStatus.NotStarted, Refused: new InstanceAct.InputRefused(problems));
        }

        for (var attempt = 0; ; attempt++)
        {
            await using var tx = await BeginAsync(cancellationToken);
            if (correlationKey is not null && await InstanceStore.FindByCorrelationAsync(tx, organisationId, correlationKey, cancellationToken) is { } existing)
            {
                return new Started(existing.Id, true, existing.Status);
            }

            var snapshot = snapshots.FromDocument(contentHash, document);
            var id = Guid.NewGuid();
            var record = new InstanceRecord(id, definitionRowId, contentHash, organisationId, organisationPath, applicantId, correlationKey,
                WorkflowStatus.NotStarted, InstanceState.Create(id.ToString(), snapshot), 0);
            // PostgreSQL keeps microseconds; the answer shows the time as a later read would.
            var now = time.GetUtcNow();
            now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
            var result = await committer.ApplyAsync(tx, record, new StartStimulus(input, actor), cancellationToken, now);
            try
            {
                await tx.CommitAsync(cancellationToken);
                return new Started(id, false, result.Status, result.State, now);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && correlationKey is not null && attempt == 0)
            {
                // Two starts with one correlation key raced; the loser answers with the winner's instance.
            }
        }
    }

    /// <summary>Runs one stimulus on an instance under its row lock and commits once; null when there is no such
    /// instance. <paramref name="before"/> may queue more writes (a task's decision) after the lock is held.</summary>
    /// <exception cref="StimulusRejectedException">The stimulus does not fit the instance; nothing was written.</exception>
    public async Task<BurstResult?> RunAsync(Guid instanceId, WorkflowStimulus stimulus, CancellationToken cancellationToken,
        Func<WorkflowTransaction, InstanceRecord, Task>? before = null)
    {
        await using var tx = await BeginAsync(cancellationToken);
        var instance = await InstanceStore.LockAsync(tx, instanceId, cancellationToken);
        if (instance is null)
        {
            return null;
        }

        if (before is not null)
        {
            await before(tx, instance);
        }

        var result = await committer.ApplyAsync(tx, instance, stimulus, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>Cancels an instance that has not ended, in one transaction under its row lock.</summary>
    public async Task<InstanceAct> CancelAsync(Guid instanceId, string actor, string reason, CancellationToken cancellationToken)
    {
        await using var tx = await BeginAsync(cancellationToken);
        var instance = await InstanceStore.LockAsync(tx, instanceId, cancellationToken);
        if (instance is null)
        {
            return new InstanceAct.NotFound($"workflow instance {instanceId}");
        }

        if (!QueueCancel(tx, instance, actor, reason, time.GetUtcNow()))
        {
            return new InstanceAct.InstanceEnded(instanceId, instance.Status);
        }

        await tx.CommitAsync(cancellationToken);
        return new InstanceAct.Done(instanceId, WorkflowStatus.Cancelled);
    }

    /// <summary>Queues an instance's cancellation on <paramref name="tx"/>, which holds its row lock: status Cancelled,
    /// bookmarks, due work and open tasks gone, open incidents cancelled, journaled. False (nothing queued) when the
    /// instance already ended.</summary>
    public static bool QueueCancel(WorkflowTransaction tx, InstanceRecord instance, string actor, string reason, DateTimeOffset at)
    {
        if (instance.Status is WorkflowStatus.Completed or WorkflowStatus.Cancelled)
        {
            return false;
        }

        InstanceStore.QueueCancelled(tx, instance, at);
        WorkItemStore.QueueInstanceCleared(tx, instance.Id);
        TaskStore.QueueCancelUnawaited(tx, instance.Id, []);
        IncidentStore.QueueInstanceCancelled(tx, instance.Id, actor, at);
        InstanceStore.QueueInstanceAct(tx, instance.Id, "InstanceCancelled", actor, reason, at);
        return true;
    }

    /// <summary>Delivers a signal to every instance of the organisation subtree waiting for it, or buffers it for
    /// <see cref="WorkflowHostOptions.SignalTimeToLive"/> (or <paramref name="timeToLive"/>) when none waits yet.</summary>
    public async Task<(IReadOnlyList<Guid> Delivered, Guid? BufferedId)> SignalAsync(Guid organisationId, string organisationPath,
        string name, string correlationKey, JsonElement? payload, TimeSpan? timeToLive, string actor, CancellationToken cancellationToken)
    {
        await using var tx = await BeginAsync(cancellationToken);
        await SignalStore.LockAsync(tx, name, correlationKey, cancellationToken);

        var waiting = await InstanceStore.WaitingForSignalAsync(tx, name, correlationKey, organisationPath, cancellationToken);
        if (waiting.Count == 0)
        {
            var now = time.GetUtcNow();
            var id = SignalStore.QueueBuffered(tx, organisationId, name, correlationKey, payload, now, now + (timeToLive ?? options.SignalTimeToLive));
            await tx.CommitAsync(cancellationToken);
            return ([], id);
        }

        // All waiting instances change in this one transaction, in id order (the lock order every burst follows). An
        // instance with an open incident runs nothing: the signal is buffered for it, and resolving the incident takes it.
        var delivered = new List<Guid>();
        var held = false;
        foreach (var instanceId in waiting)
        {
            var instance = await InstanceStore.LockAsync(tx, instanceId, cancellationToken);
            if (instance is null)
            {
                continue;
            }

            if (instance.Status == WorkflowStatus.Faulted)
            {
                held = true;
                continue;
            }

            await committer.ApplyAsync(tx, instance, new SignalStimulus(name, correlationKey, payload, actor), cancellationToken);
            delivered.Add(instanceId);
        }

        Guid? buffered = null;
        if (held)
        {
            var now = time.GetUtcNow();
            buffered = SignalStore.QueueBuffered(tx, organisationId, name, correlationKey, payload, now, now + (timeToLive ?? options.SignalTimeToLive));
        }

        await tx.CommitAsync(cancellationToken);
        return (delivered, buffered);
    }
}
