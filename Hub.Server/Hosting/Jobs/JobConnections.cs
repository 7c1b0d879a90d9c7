using Npgsql;

namespace Hub.Server.Hosting.Jobs;

/// <summary>Hangfire's own small connection pool, apart from the engine's (which resets no session state).</summary>
internal sealed class JobConnections(string connectionString) : IDisposable
{
    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(
        new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 10, ApplicationName = "hub-jobs" }.ConnectionString);

    public void Dispose() => DataSource.Dispose();
}
