using System.Text.Json;
using Hub.Server.Workflows.Stores;
using Hub.Workflows.Runtime;
using Microsoft.Extensions.Logging;

namespace Hub.Server.Workflows;

/// <summary>
/// Runs due work that is a burst (timers, retries, early signals) or acts on a task (escalations, reminders): the work item is taken with
/// <c>FOR UPDATE SKIP LOCKED</c>, the instance locked, the burst run and the item deleted, all in one transaction. A
/// node that dies mid-way holds no lock any more, so the item is simply taken again by any node.
/// </summary>
internal sealed class WorkQueue(WorkflowEngine engine, HumanTasks tasks, TaskReminder reminders, TimeProvider time, ILogger<WorkQueue> logger)
{
    /// <summary>Runs one due item; false when nothing was due (or its instance was busy).</summary>
    public async Task<bool> RunOneAsync(CancellationToken cancellationToken)
    {
        await using var tx = await engine.BeginAsync(cancellationToken);
        long id;
        Guid instanceId;
        string kind, target;
        await using (var take = tx.Command("""
            SELECT id, instance_id, kind, target FROM hub.workflow_work_items
            WHERE kind <> 'Deliver' AND due_at <= $1 ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED
            """, time.GetUtcNow()))
        await using (var reader = await take.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return false;
            }

            (id, instanceId, kind, target) = (reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3));
        }

        if (kind == StoredText.Of(WorkItemKind.TaskDue))
        {
            if (!await tasks.EscalateAsync(tx, Guid.Parse(target), cancellationToken))
            {
                return false;
            }
        }
        else if (kind == StoredText.Of(WorkItemKind.TaskReminder))
        {
            var (ran, next) = await reminders.RemindAsync(tx, Guid.Parse(target), cancellationToken);
            if (!ran)
            {
                return false;
            }

            if (next is { } at)
            {
                // The same item comes back for the next reminder: (kind, target) is unique per task.
                tx.Write("UPDATE hub.workflow_work_items SET due_at = $2 WHERE id = $1", [id, at]);
                tx.WakeWorkers(at);
                await tx.CommitAsync(cancellationToken);
                return true;
            }
        }
        else
        {
            var instance = await InstanceRecord.LockAsync(tx, instanceId, cancellationToken, skipLocked: true);
            if (instance is null)
            {
                return false;
            }

            WorkflowStimulus? stimulus = kind == "Signal" ? await SignalAsync(tx, target, cancellationToken) : new ResumeStimulus(target);
            try
            {
                if (stimulus is not null && (kind == "Signal" || instance.State.Bookmarks.Any(b => b.Id == target)))
                {
                    await engine.Committer.ApplyAsync(tx, instance, stimulus, cancellationToken);
                }
            }
            catch (StimulusRejectedException e)
            {
                // The instance moved on (cancelled, faulted, the signal no longer awaited): the work is void.
                Log.WorkVoid(logger, id, kind, e.Message);
            }
        }

        tx.Write("DELETE FROM hub.workflow_work_items WHERE id = $1", [id]);
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>When the next work of any kind becomes runnable: the earliest due time, or for a delivery leased by a
    /// node the end of its lease (after which any node may repeat it). Null when the queue is empty.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var command = engine.DataSource.CreateCommand("""
            SELECT least((SELECT min(due_at) FROM hub.workflow_work_items WHERE kind <> 'Deliver'),
                         (SELECT min(greatest(due_at, lease_expires_at)) FROM hub.workflow_work_items WHERE kind = 'Deliver'))
            """);
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime at ? new DateTimeOffset(at, TimeSpan.Zero) : null;
    }

    private static async Task<SignalStimulus?> SignalAsync(WorkflowTransaction tx, string signalId, CancellationToken cancellationToken)
    {
        await using var command = tx.Command("SELECT name, correlation_key, payload::text FROM hub.workflow_signals WHERE id = $1", Guid.Parse(signalId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        JsonElement? payload = reader.IsDBNull(2) ? null : JsonDocument.Parse(reader.GetString(2)).RootElement.Clone();
        return new SignalStimulus(reader.GetString(0), reader.GetString(1), payload, "signal " + signalId);
    }
}
