using Hub.Server.Authentication;
using Hub.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Hub.Server.Hosting;

/// <summary>
/// Forgets request nonces once they are older than twice the replay window: by then their timestamps are refused
/// anyway, so the table stays small without weakening replay protection. Runs as a recurring job
/// (<see cref="Jobs.MaintenanceJobs"/>).
/// </summary>
internal sealed class NoncePruning(HubDbContext db, TimeProvider time, ILogger<NoncePruning> logger)
{
    /// <summary>Deletes the nonces past the cutoff; the number deleted.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - 2 * HmacRequestSignature.ReplayWindow;
        var pruned = await db.ApiRequestNonces.Where(n => n.SeenAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        if (pruned > 0)
        {
            Log.NoncesPruned(logger, pruned);
        }

        return pruned;
    }
}
