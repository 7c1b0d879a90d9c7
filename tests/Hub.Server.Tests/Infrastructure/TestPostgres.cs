using Hub.Server.Database;
using Hub.Server.Persistence;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Hub.Server.Tests.Infrastructure;

/// <summary>
/// One real PostgreSQL cluster per test run, started by the same code as <c>./hub serve</c> in a temporary
/// directory. A migrated template database is made once; every fixture gets its own copy, so tests never see
/// each other's rows. Tests arrange and inspect rows as the cluster's superuser; nodes migrate as the owner and serve
/// as the runtime role, as <c>./hub serve</c> does.
/// </summary>
internal static class TestPostgres
{
    private const string Template = "hub_template";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static EmbeddedPostgres? _cluster;
    private static string? _directory;

    public static async Task<string> CreateDatabaseAsync(bool migrated = true)
    {
        var cluster = await ClusterAsync();
        var name = "hub_test_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(cluster.SuperuserConnectionString("postgres"));
        await connection.OpenAsync();
        // CREATE DATABASE … TEMPLATE needs the template to have no other sessions; serialise the copies.
        await Gate.WaitAsync();
        try
        {
            await using var create = new NpgsqlCommand(
                (migrated ? $"CREATE DATABASE {name} TEMPLATE {Template}" : $"CREATE DATABASE {name}") + $" OWNER {EmbeddedRoles.Owner}",
                connection);
            await create.ExecuteNonQueryAsync();
        }
        finally
        {
            Gate.Release();
        }

        return cluster.SuperuserConnectionString(name);
    }

    /// <summary>The same database as <paramref name="connectionString"/>, as its owner (the role that migrates).</summary>
    public static string AsOwner(string connectionString) =>
        With(_cluster!.ConnectionString, new NpgsqlConnectionStringBuilder(connectionString).Database!);

    /// <summary>The same database as <paramref name="connectionString"/>, as the role a serving Hub uses.</summary>
    public static string AsRuntimeRole(string connectionString) =>
        With(_cluster!.RuntimeConnectionString, new NpgsqlConnectionStringBuilder(connectionString).Database!);

    public static string With(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;

    private static async Task<EmbeddedPostgres> ClusterAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_cluster is not null)
            {
                return _cluster;
            }

            _directory = Path.Combine(Path.GetTempPath(), "hub-tests-" + Guid.NewGuid().ToString("N")[..8]);
            var cluster = new EmbeddedPostgres(new EmbeddedPostgresOptions
            {
                DataDirectory = Path.Combine(_directory, "pg"),
                DatabaseName = Template,
                PreferredPort = 56432,
            }, NullLogger.Instance);
            await cluster.StartAsync(CancellationToken.None);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();

            await using var dataSource = NpgsqlDataSource.Create(cluster.ConnectionString);
            await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance)
                .MigrateAsync(EmbeddedRoles.Runtime, CancellationToken.None);
            NpgsqlConnection.ClearAllPools();
            _cluster = cluster;
            return cluster;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static void Stop()
    {
        _cluster?.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        if (_directory is not null && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
