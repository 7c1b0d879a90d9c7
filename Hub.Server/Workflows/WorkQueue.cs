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
        if (await WorkItemStore.TakeAsync(tx, time.GetUtcNow(), cancellationToken) is not { } item)
        {
            return false;
        }

        switch (item.Kind)
        {
            case WorkItemKind.TaskDue:
                if (!await tasks.EscalateAsync(tx, Guid.Parse(item.Target), cancellationToken))
                {
                    return false;
                }

                break;
            case WorkItemKind.TaskReminder:
                var (ran, next) = await reminders.RemindAsync(tx, Guid.Parse(item.Target), cancellationToken);
                if (!ran)
                {
                    return false;
                }

                if (next is { } at)
                {
                    WorkItemStore.QueueDueAgain(tx, item, at);
                    await tx.CommitAsync(cancellationToken);
                    return true;
                }

                break;
            default:
                var instance = await Stores.InstanceStore.LockAsync(tx, item.InstanceId, cancellationToken, skipLocked: true);
                if (instance is null)
                {
                    return false;
                }

                if (instance.Status == WorkflowStatus.Faulted)
                {
                    // Nothing runs during an incident. The bookmark stays, and resolving the incident queues its wait
                    // again (BurstCommitter); a taken signal goes back to the buffer for it.
                    if (item.Kind == WorkItemKind.Signal)
                    {
                        SignalStore.QueueReleased(tx, item.Target);
                    }

                    break;
                }

                WorkflowStimulus? stimulus = item.Kind == WorkItemKind.Signal
                    ? await SignalStore.ReadAsync(tx, item.Target, cancellationToken)
                    : new ResumeStimulus(item.Target);
                try
                {
                    if (stimulus is not null && (item.Kind == WorkItemKind.Signal || instance.State.Bookmarks.Any(b => b.Id == item.Target)))
                    {
                        await engine.Committer.ApplyAsync(tx, instance, stimulus, cancellationToken);
                    }
                }
                catch (StimulusRejectedException e)
                {
                    // The instance moved on (cancelled, faulted, the signal no longer awaited): the work is void.
                    Log.WorkVoid(logger, item.Id, StoredText.Of(item.Kind), e.Message);
                }

                break;
        }

        WorkItemStore.QueueDone(tx, item);
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    /// <inheritdoc cref="WorkItemStore.NextDueAsync"/>
    public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken) => WorkItemStore.NextDueAsync(engine, cancellationToken);
}
