using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hub.Server.Workflows;

/// <summary>
/// The node's one listening connection: <c>LISTEN</c> on <see cref="WorkSignal.Channel"/>, and every notification
/// (from any node's commit) wakes the idle worker loops through <see cref="WorkSignal"/>. When the connection is lost
/// the loops still poll (<see cref="WorkflowHostOptions.IdlePollInterval"/>); on reconnecting they are woken once,
/// since notifications sent meanwhile are gone.
/// </summary>
internal sealed partial class WorkListener(NpgsqlDataSource dataSource, WorkSignal signal, WorkflowHostOptions options,
    ILogger<WorkListener> logger) : BackgroundService
{
    /// <summary>How long to wait before listening again after the connection failed.</summary>
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.WorkerLoops == 0)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException or TimeoutException)
            {
                ListenerLost(logger, e);
                try
                {
                    await Task.Delay(Reconnect, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
        connection.Notification += (_, e) => signal.WakeAt(DueAt(e.Payload));
        await using (var listen = new NpgsqlCommand($"LISTEN {WorkSignal.Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        signal.Wake();
        try
        {
            while (true)
            {
                await connection.WaitAsync(stoppingToken);
            }
        }
        finally
        {
            // Pooled connections are not reset (HubWebApplication), so the next user of this one must not inherit the
            // subscription. A broken connection is never pooled again, so a failure here changes nothing.
            if (connection.FullState == System.Data.ConnectionState.Open)
            {
                await using var unlisten = new NpgsqlCommand("UNLISTEN *", connection);
                await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>The payload is the due time in Unix milliseconds; anything else means "now".</summary>
    private static DateTimeOffset DueAt(string payload) =>
        long.TryParse(payload, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(ms, 0, 253402300799999))
            : DateTimeOffset.MinValue;

    [LoggerMessage(4010, LogLevel.Warning, "The work notification listener lost its connection; idle workers poll until it is back")]
    private static partial void ListenerLost(ILogger logger, Exception exception);
}
