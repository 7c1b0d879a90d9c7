using Hangfire;

namespace Hub.Server.Hosting.Jobs;

/// <summary>
/// Declares the recurring jobs once the schema is migrated. Every node does it at start; Hangfire keeps one definition
/// per id, so the cluster still runs each occurrence once.
/// </summary>
internal sealed class MaintenanceSchedule(IRecurringJobManager recurringJobs)
{
    public void Declare()
    {
        foreach (var job in MaintenanceJobs.All)
        {
            job.Register(recurringJobs, job.Id, job.Cron);
        }
    }
}
