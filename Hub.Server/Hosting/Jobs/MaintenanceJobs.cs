using Hangfire;
using Hub.Server.Evidence;
using Hub.Server.Identity;
using Hub.Server.Trust;

namespace Hub.Server.Hosting.Jobs;

/// <summary>
/// The Hub's recurring maintenance, run by Hangfire once per cluster (its distributed lock picks the node that enqueues,
/// its queue the one that runs). Instance work (timers, deliveries, retries) stays on the engine's own queue, which
/// commits with the burst. A failed run is not retried: the next occurrence does the same work.
/// </summary>
internal sealed class MaintenanceJobs(NoncePruning nonces, IdentityWaitSweep identityWaits, HubTrust trust, EvidenceAnchoring evidence)
{
    /// <summary>The id of the job that time-stamps the evidence chain's head; its cron comes from <see cref="EvidenceOptions"/>.</summary>
    public const string EvidenceAnchoringId = "evidence-anchoring";

    /// <summary>Every recurring job: its id, what it runs and when (cron, UTC).</summary>
    public static IReadOnlyList<MaintenanceJob> All { get; } =
    [
        new("nonce-pruning", Cron.Minutely(), (manager, id, cron) =>
            manager.AddOrUpdate<MaintenanceJobs>(id, jobs => jobs.PruneNoncesAsync(CancellationToken.None), cron)),
        new("identity-wait-sweep", Cron.Minutely(), (manager, id, cron) =>
            manager.AddOrUpdate<MaintenanceJobs>(id, jobs => jobs.SweepIdentityWaitsAsync(CancellationToken.None), cron)),
        // The CRL is signed again when it is an hour old; refreshing every quarter keeps a downloaded one well inside that.
        new("crl-refresh", "*/15 * * * *", (manager, id, cron) =>
            manager.AddOrUpdate<MaintenanceJobs>(id, jobs => jobs.RefreshCrlAsync(CancellationToken.None), cron)),
        new(EvidenceAnchoringId, new EvidenceOptions().AnchoringCron, (manager, id, cron) =>
            manager.AddOrUpdate<MaintenanceJobs>(id, jobs => jobs.AnchorEvidenceAsync(CancellationToken.None), cron)),
    ];

    /// <summary>Forgets request nonces older than twice the replay window.</summary>
    [AutomaticRetry(Attempts = 0)]
    public Task PruneNoncesAsync(CancellationToken cancellationToken) => nonces.PruneAsync(cancellationToken);

    /// <summary>Expires unanswered identity challenges and signals waits whose signal was lost.</summary>
    [AutomaticRetry(Attempts = 0)]
    public Task SweepIdentityWaitsAsync(CancellationToken cancellationToken) => identityWaits.SweepAsync(cancellationToken);

    /// <summary>Signs the CRL again when a revocation is new or the list is an hour old; nothing before the CA exists
    /// (creating it, two RSA keys, is a start-up or CLI act, not a worker's: it held a worker for tens of seconds).</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task RefreshCrlAsync(CancellationToken cancellationToken)
    {
        if (await trust.Authority.GetChainAsync(cancellationToken) is not null)
        {
            await trust.CurrentCrlAsync(cancellationToken);
        }
    }

    /// <summary>Time-stamps the evidence chain's head unless it is anchored already.</summary>
    [AutomaticRetry(Attempts = 0)]
    public Task AnchorEvidenceAsync(CancellationToken cancellationToken) => evidence.AnchorAsync(cancellationToken);
}
