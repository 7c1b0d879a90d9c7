using Hangfire;
using Hangfire.PostgreSql;
using Hub.Server.Authorisation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hub.Server.Hosting.Jobs;

/// <summary>Hangfire in the Hub: storage in the Hub's database, a small server per node, the recurring jobs, the dashboard.</summary>
internal static class JobServices
{
    /// <summary>The dashboard's path.</summary>
    public const string DashboardPath = "/jobs";

    public static IServiceCollection AddHubJobs(this IServiceCollection services, string connectionString)
    {
        // The storage is registered here, per application, before AddHangfire: its own fallback is the process-wide
        // JobStorage.Current, which two nodes in one process (the tests) would share. Its own pool, on the runtime role;
        // the schema was installed by the migrating owner, so nothing is prepared here.
        services.AddSingleton(_ => new JobConnections(connectionString));
        services.AddSingleton<JobStorage>(provider => new PostgreSqlStorage(
            new DataSourceConnections(provider.GetRequiredService<JobConnections>().DataSource), JobSchema.RuntimeOptions()));
        services.AddHangfire(configuration => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        services.AddTransient<MaintenanceJobs>();
        services.AddScoped<NoncePruning>();
        services.AddSingleton<MaintenanceSchedule>();
        // Maintenance is light: two workers per node are plenty, and keep the pool small.
        services.AddHangfireServer(server => server.WorkerCount = 2);
        return services;
    }

    /// <summary>Maps the dashboard at <see cref="DashboardPath"/> for HQ administrators.</summary>
    public static void MapJobsDashboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [],
            AsyncAuthorization = [new JobsDashboardAccess()],
            // The storage line would name the database host; operators know it, the page need not show it.
            DisplayStorageConnectionString = false,
            DashboardTitle = "Hub jobs",
        }).Allow(AccessRule.Scoped("an HqAdmin"));
    }
}
