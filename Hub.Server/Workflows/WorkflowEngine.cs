using System.Text.Json;
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
    /// instance carries the state and time it was committed with, so the answer needs no read after the commit.</summary>
    public sealed record Started(Guid InstanceId, bool Existing, string Status, InstanceState? State = null, DateTimeOffset CreatedAt = default);

    /// <summary>Starts an instance of the published definition <paramref name="definitionRowId"/> and runs its first
    /// burst in the same transaction as its insert.</summary>
    public async Task<Started> StartAsync(Guid definitionRowId, string contentHash, string document, Guid organisationId,
        string organisationPath, Guid? applicantId, string? correlationKey, JsonElement input, string? actor, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var tx = await BeginAsync(cancellationToken);
            if (correlationKey is not null && await FindByCorrelationAsync(tx, organisationId, correlationKey, cancellationToken) is { } existing)
            {
                return existing;
            }

            var snapshot = snapshots.FromDocument(contentHash, document);
            var id = Guid.NewGuid();
            var record = new InstanceRecord(id, definitionRowId, contentHash, organisationId, organisationPath, applicantId, correlationKey,
                nameof(WorkflowStatus.NotStarted), InstanceState.Create(id.ToString(), snapshot), 0);
            // PostgreSQL keeps microseconds; the answer shows the time as a later read would.
            var now = time.GetUtcNow();
            now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
            var result = await committer.ApplyAsync(tx, record, new StartStimulus(input, actor), cancellationToken, now);
            try
            {
                await tx.CommitAsync(cancellationToken);
                return new Started(id, false, result.Status.ToString(), result.State, now);
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
        var instance = await InstanceRecord.LockAsync(tx, instanceId, cancellationToken);
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

    /// <summary>Cancels an instance: status Cancelled, bookmarks, due work and open tasks gone, journaled. Returns
    /// the refusal when it already ended, null on success.</summary>
    public string? Cancel(WorkflowTransaction tx, InstanceRecord instance, string actor, string reason)
    {
        if (instance.Status is "Completed" or "Cancelled")
        {
            return $"Instance {instance.Id} is {instance.Status.ToLowerInvariant()}; only a running, suspended or faulted instance can be cancelled.";
        }

        var now = time.GetUtcNow();
        tx.Write("UPDATE hub.workflow_instances SET status = 'Cancelled', version = version + 1, updated_at = $2 WHERE id = $1 AND version = $3",
            [instance.Id, now, instance.Version], $"instance {instance.Id} changed since version {instance.Version} was read");
        tx.Write("DELETE FROM hub.workflow_bookmarks WHERE instance_id = $1", [instance.Id]);
        tx.Write("DELETE FROM hub.workflow_work_items WHERE instance_id = $1", [instance.Id]);
        tx.Write("UPDATE hub.workflow_tasks SET status = 'Cancelled' WHERE instance_id = $1 AND status IN ('Open', 'Claimed')", [instance.Id]);
        tx.Write("UPDATE hub.workflow_incidents SET status = 'Cancelled', resolved_at = $2, resolved_by = $3 WHERE instance_id = $1 AND status = 'Open'",
            [instance.Id, now, actor]);
        tx.Write("""
            INSERT INTO hub.workflow_journal (instance_id, event, iteration, attempt, outcomes, actor, message, started_at, finished_at)
            VALUES ($1, 'InstanceCancelled', 0, 0, '{}', $2, $3, $4, $4)
            """, [instance.Id, actor, reason, now]);
        return null;
    }

    /// <summary>Delivers a signal to every instance of the organisation subtree waiting for it, or buffers it for
    /// <see cref="WorkflowHostOptions.SignalTimeToLive"/> (or <paramref name="timeToLive"/>) when none waits yet.</summary>
    public async Task<(IReadOnlyList<Guid> Delivered, Guid? BufferedId)> SignalAsync(Guid organisationId, string organisationPath,
        string name, string correlationKey, JsonElement? payload, TimeSpan? timeToLive, string actor, CancellationToken cancellationToken)
    {
        await using var tx = await BeginAsync(cancellationToken);
        await using (var lockCommand = tx.Command("SELECT pg_advisory_xact_lock(hashtext($1 || chr(31) || $2))", name, correlationKey))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        var waiting = new List<Guid>();
        await using (var find = tx.Command("""
            SELECT DISTINCT b.instance_id FROM hub.workflow_bookmarks b
            JOIN hub.workflow_instances i ON i.id = b.instance_id JOIN hub.organisations o ON o.id = i.organisation_id
            WHERE b.kind = 'Signal' AND b.signal_name = $1 AND b.correlation_key = $2 AND o.path LIKE $3 || '%'
            ORDER BY 1
            """, name, correlationKey, organisationPath))
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                waiting.Add(reader.GetGuid(0));
            }
        }

        if (waiting.Count == 0)
        {
            var id = Guid.NewGuid();
            var now = time.GetUtcNow();
            tx.Write("""
                INSERT INTO hub.workflow_signals (id, organisation_id, name, correlation_key, payload, received_at, expires_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                """, [id, organisationId, name, correlationKey, new WorkflowTransaction.Json(payload?.GetRawText()), now, now + (timeToLive ?? options.SignalTimeToLive)]);
            await tx.CommitAsync(cancellationToken);
            return ([], id);
        }

        // All waiting instances change in this one transaction, in id order (the lock order every burst follows).
        foreach (var instanceId in waiting)
        {
            var instance = await InstanceRecord.LockAsync(tx, instanceId, cancellationToken);
            if (instance is not null)
            {
                await committer.ApplyAsync(tx, instance, new SignalStimulus(name, correlationKey, payload, actor), cancellationToken);
            }
        }

        await tx.CommitAsync(cancellationToken);
        return (waiting, null);
    }

    private static async Task<Started?> FindByCorrelationAsync(WorkflowTransaction tx, Guid organisationId, string correlationKey,
        CancellationToken cancellationToken)
    {
        await using var command = await tx.PreparedAsync(
            "SELECT id, status FROM hub.workflow_instances WHERE organisation_id = $1 AND correlation_key = $2", cancellationToken, organisationId, correlationKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new Started(reader.GetGuid(0), true, reader.GetString(1)) : null;
    }
}
