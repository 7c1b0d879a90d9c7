using Hub.Server.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hub.Server.Hosting;

/// <summary>Ready means the database answers and its schema is at the version this Hub ships.</summary>
internal sealed class DatabaseReadyCheck(SchemaMigrator migrator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        try
        {
            var version = await migrator.CurrentVersionAsync(cancellationToken);
            return version == SchemaMigration.LatestVersion
                ? HealthCheckResult.Healthy($"schema version {version}")
                : HealthCheckResult.Unhealthy($"schema version {version?.ToString() ?? "none"}, expected {SchemaMigration.LatestVersion}");
        }
        catch (Exception exception) when (exception is Npgsql.NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return HealthCheckResult.Unhealthy("database unreachable: " + exception.Message);
        }
    }
}
