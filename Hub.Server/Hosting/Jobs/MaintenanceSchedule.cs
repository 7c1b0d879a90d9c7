using Hangfire;
using Hub.Server.Evidence;

namespace Hub.Server.Hosting.Jobs;

/// <summary>
/// Declares the recurring jobs once the schema is migrated. Every node does it at start; Hangfire keeps one definition
/// per id, so the cluster still runs each occurrence once. A job whose schedule is configurable takes it from its
/// options here (every node should be configured alike: the last node to start sets the cluster's schedule).
/// </summary>
internal sealed class MaintenanceSchedule(IRecurringJobManager recurringJobs, EvidenceOptions evidence)
{
    public void Declare()
    {
        foreach (var job in MaintenanceJobs.All)
        {
            job.Register(recurringJobs, job.Id, job.Id == MaintenanceJobs.EvidenceAnchoringId ? evidence.AnchoringCron : job.Cron);
        }
    }
}
