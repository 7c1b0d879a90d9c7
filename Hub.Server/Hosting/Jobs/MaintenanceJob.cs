using Hangfire;

namespace Hub.Server.Hosting.Jobs;

/// <summary>One recurring job of <see cref="MaintenanceJobs"/>.</summary>
internal sealed record MaintenanceJob(string Id, string Cron, Action<IRecurringJobManager, string, string> Register);
