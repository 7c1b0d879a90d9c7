using Hangfire.PostgreSql;
using Npgsql;

namespace Hub.Server.Hosting.Jobs;

/// <summary>Hands Hangfire connections from an <see cref="NpgsqlDataSource"/>, so it needs no connection string.</summary>
internal sealed class DataSourceConnections(NpgsqlDataSource dataSource) : IConnectionFactory
{
    public NpgsqlConnection GetOrCreateConnection() => dataSource.CreateConnection();
}
