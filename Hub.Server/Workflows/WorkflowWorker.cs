using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hub.Server.Workflows;

/// <summary>The node's workers: loops that run due bursts and deliveries from the shared queue. Several nodes run
/// them against one database; row locks and leases decide who does what, never this process's memory.</summary>
internal sealed class WorkflowWorker(WorkQueue queue, OutboxRelay relay, WorkflowHostOptions options, ILogger<WorkflowWorker> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.WorkerLoops).Select(_ => LoopAsync(stoppingToken)));

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var worked = false;
            try
            {
                worked = await queue.RunOneAsync(stoppingToken) | await relay.DeliverOneAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or WorkflowConcurrencyException or InvalidOperationException or TimeoutException)
            {
                // The transaction rolled back; the item stays due and is taken again, here or on another node.
                Log.WorkFailed(logger, e);
            }

            if (!worked)
            {
                try
                {
                    await Task.Delay(options.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
