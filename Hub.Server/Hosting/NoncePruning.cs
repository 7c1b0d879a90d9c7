using Hub.Server.Authentication;
using Hub.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hub.Server.Hosting;

/// <summary>
/// Forgets request nonces once they are older than twice the replay window: by then their timestamps are refused
/// anyway, so the table stays small without weakening replay protection.
/// </summary>
internal sealed class NoncePruning(IServiceScopeFactory scopes, TimeProvider time, ILogger<NoncePruning> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                using var scope = scopes.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
                var cutoff = time.GetUtcNow() - 2 * HmacRequestSignature.ReplayWindow;
                await db.ApiRequestNonces.Where(n => n.SeenAt < cutoff).ExecuteDeleteAsync(stoppingToken);
            }
            catch (Npgsql.NpgsqlException exception)
            {
                // A database hiccup must not stop the node; the next tick tries again.
                Log.NoncePruningFailed(logger, exception);
            }
        }
    }
}
