using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hub.Server.Workflows;

/// <summary>The node's workers: loops that run due bursts and deliveries from the shared queue. Several nodes run
/// them against one database; row locks and leases decide who does what, never this process's memory. An idle loop
/// sleeps until it is notified (<see cref="WorkSignal"/>), the earliest due time in the queue, or the fallback poll,
/// whichever is first, instead of polling every few milliseconds.</summary>
internal sealed class WorkflowWorker(WorkQueue queue, OutboxRelay relay, WorkSignal signal, WorkflowCounters counters, WorkflowHostOptions options,
    TimeProvider time, ILogger<WorkflowWorker> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.WorkerLoops).Select(_ => LoopAsync(stoppingToken)));

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            // Taken before looking at the queue: a notification that arrives while looking still wakes the sleep below.
            var pulse = signal.Pulse;
            DateTimeOffset? sleepUntil = null;
            counters.LookedAtQueue();
            try
            {
                if (!(await queue.RunOneAsync(stoppingToken) | await relay.DeliverOneAsync(stoppingToken)))
                {
                    sleepUntil = IdleUntil(await queue.NextDueAsync(stoppingToken));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or WorkflowConcurrencyException or InvalidOperationException or TimeoutException)
            {
                // The transaction rolled back; the item stays due and is taken again, here or on another node.
                Log.WorkFailed(logger, e);
                sleepUntil = time.GetUtcNow() + options.PollInterval;
            }

            if (sleepUntil is { } until)
            {
                try
                {
                    await signal.SleepAsync(pulse, until, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Nothing was runnable: sleep until the earliest due time, but no longer than the fallback poll. Work that
    /// is due already was held by another transaction, so look again after the short <see cref="WorkflowHostOptions.PollInterval"/>.</summary>
    private DateTimeOffset IdleUntil(DateTimeOffset? nextDue)
    {
        var now = time.GetUtcNow();
        var fallback = now + options.IdlePollInterval;
        return nextDue switch
        {
            null => fallback,
            { } due when due <= now => now + options.PollInterval,
            { } due => due < fallback ? due : fallback,
        };
    }
}
