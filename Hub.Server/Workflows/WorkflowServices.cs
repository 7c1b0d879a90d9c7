using Hub.Activities;
using Hub.Server.Workflows.Effects;
using Hub.Workflows.Activities;
using Hub.Workflows.Effects;
using Hub.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Server.Workflows;

/// <summary>Registers the workflow host: engine, tasks, the queue and its workers, the outbox relay.</summary>
internal static class WorkflowServices
{
    public static IServiceCollection AddHubWorkflows(this IServiceCollection services, WorkflowHostOptions? options = null)
    {
        services.AddSingleton(options ?? new WorkflowHostOptions());
        services.AddSingleton(HubActivityRegistry.Create());
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
        // Effects: every module registers IEffectHandler for the kinds it owns; the relay only looks them up.
        services.AddSingleton<IEffectHandler, HttpEffects>();
        services.AddHttpClient(HttpEffects.HttpClientName);
        services.AddSingleton(s => new EffectHandlers(s.GetServices<IEffectHandler>()));
        services.AddSingleton<OutboxRelay>();
        services.AddHostedService<WorkListener>();
        services.AddHostedService<WorkflowWorker>();
        return services;
    }
}
