using Hub.Activities.Documents.Activities;
using Hub.Activities.Identity.Activities;
using Hub.Workflows.Activities;
using Hub.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Server.Workflows;

/// <summary>Registers the workflow host: engine, tasks, the queue and its workers, the outbox relay.</summary>
internal static class WorkflowServices
{
    public static IServiceCollection AddHubWorkflows(this IServiceCollection services, WorkflowHostOptions? options = null)
    {
        services.AddSingleton(options ?? new WorkflowHostOptions());
        services.AddSingleton(ActivityRegistry.CreateCore().AddDocumentActivities().AddIdentityActivities());
        services.AddSingleton(s => new WorkflowRuntime(s.GetRequiredService<ActivityRegistry>(), s.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SnapshotCache>();
        services.AddSingleton<WorkflowCounters>();
        services.AddSingleton<WorkSignal>();
        services.AddSingleton<BurstCommitter>();
        services.AddSingleton<WorkflowEngine>();
        services.AddSingleton<HumanTasks>();
        services.AddSingleton<Incidents>();
        services.AddSingleton<TaskReminder>();
        services.AddSingleton<WorkQueue>();
        services.AddSingleton<OutboxRelay>();
        services.AddHttpClient(OutboxRelay.HttpClientName);
        services.AddHostedService<WorkListener>();
        services.AddHostedService<WorkflowWorker>();
        return services;
    }
}
