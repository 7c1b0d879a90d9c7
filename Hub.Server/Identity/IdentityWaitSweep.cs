using Hub.Activities.Identity.Verification;
using Hub.Server.Evidence;
using Hub.Server.Identity.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hub.Server.Identity;

/// <summary>
/// Makes sure no workflow node waits for a person forever. Completing a verification signals its waiting node right
/// after the answer is saved; a node that dies between the two leaves the wait unsignalled, and a challenge nobody
/// answers never concludes by itself. A recurring job (Hosting/Jobs/MaintenanceJobs, once per cluster; the advisory
/// lock below also keeps a manual run apart) expires unanswered challenges past their lifetime and signals every concluded, unsignalled wait older than
/// <see cref="Grace"/> (so it does not race the answering request). A signal sent twice is harmless: the second finds
/// no bookmark and is only buffered until its time-to-live.
/// </summary>
internal sealed class IdentityWaitSweep(IServiceScopeFactory scopes, IdentitySignals signals, TimeProvider time, ILogger<IdentityWaitSweep> logger)
{
    /// <summary>How long after its conclusion a wait is left to the answering request.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    // Any constant shared by the nodes: the advisory lock that lets one of them sweep at a time.
    private const long SweepLock = 0x4855_4249_5753;

    /// <summary>Expires and signals what is due now; the number of waits signalled, or -1 when another node sweeps.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({SweepLock}) AS \"Value\"").SingleAsync(cancellationToken))
        {
            return -1;
        }

        var now = time.GetUtcNow();
        var before = now - Grace;
        var due = await (from wait in db.WorkflowWaits
                         join verification in db.Verifications on wait.VerificationId equals verification.Id
                         where wait.SignalledAt == null &&
                               (verification.Status == VerificationStatus.Pending
                                   ? verification.ChallengeExpiresAt < before
                                   : verification.CompletedAt < before)
                         orderby wait.CreatedAt
                         select verification).Take(100).ToListAsync(cancellationToken);
        foreach (var verification in due)
        {
            if (verification.ExpireIfDue(now))
            {
                // An expiry is an outcome: it enters the evidence chain in this transaction.
                await VerificationEvidence.SaveChangesAsync(db, cancellationToken);
            }

            await signals.SignalConcludedAsync(db, verification, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (due.Count > 0)
        {
            Log.IdentityWaitsSwept(logger, due.Count);
        }

        return due.Count;
    }
}
