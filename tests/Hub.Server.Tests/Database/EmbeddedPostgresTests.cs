using Hub.Server.Database;
using Hub.Server.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Hub.Server.Tests.Database;

/// <summary>The private PostgreSQL: loopback only, stopped cleanly, recovered after a killed Hub, never left behind.</summary>
public sealed class EmbeddedPostgresTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hub-pg-test-").FullName;

    private string DataDirectory => Path.Combine(_root, "pg");

    [Fact]
    public async Task Start_FreshDirectory_InitialisesLoopbackOnlyClusterWithPrivateSecret()
    {
        await using var postgres = Create(null);
        await postgres.StartAsync(CancellationToken.None);
        // Reading server settings such as the socket directories takes the superuser.
        await using var connection = new NpgsqlConnection(postgres.SuperuserConnectionString("postgres"));
        await connection.OpenAsync();
        Assert.Equal("127.0.0.1", await ScalarAsync(connection, "SHOW listen_addresses"));
        Assert.Equal(string.Empty, await ScalarAsync(connection, "SHOW unix_socket_directories"));
        Assert.Equal("scram-sha-256", await ScalarAsync(connection, "SHOW password_encryption"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(DataDirectory + ".secret"));
        await using var wrongPassword = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Password = "guess" }.ConnectionString);
        await Assert.ThrowsAsync<PostgresException>(() => wrongPassword.OpenAsync());
    }

    [Fact]
    public async Task Start_ClusterOfAnEarlierHub_AddsTheRolesAndHandsTheSchemaToTheOwner()
    {
        await using (var earlier = Create(null))
        {
            await earlier.StartAsync(CancellationToken.None);
            // An earlier Hub's cluster had its superuser only, which owned the database and migrated it.
            await using var connection = new NpgsqlConnection(earlier.SuperuserConnectionString("hub"));
            await connection.OpenAsync();
            await ScalarAsync(connection,
                "ALTER DATABASE hub OWNER TO hub; CREATE SCHEMA kept; CREATE TABLE kept.rows (id serial PRIMARY KEY, v text); " +
                "INSERT INTO kept.rows (v) VALUES ('still here'); DROP ROLE hub_owner; DROP ROLE hub_runtime; SELECT 'earlier'");
        }

        File.Delete(DataDirectory + ".owner.secret");
        File.Delete(DataDirectory + ".runtime.secret");
        NpgsqlConnection.ClearAllPools();
        await using var upgraded = Create(null);
        await upgraded.StartAsync(CancellationToken.None);
        foreach (var secret in new[] { ".owner.secret", ".runtime.secret" })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(DataDirectory + secret));
        }

        await using var owner = new NpgsqlConnection(upgraded.ConnectionString);
        await owner.OpenAsync();
        Assert.Equal("hub_owner false", await ScalarAsync(owner, "SELECT current_user || ' ' || rolsuper FROM pg_roles WHERE rolname = current_user"));
        Assert.Equal("hub_owner hub_owner hub_owner", await ScalarAsync(owner,
            "SELECT pg_get_userbyid((SELECT datdba FROM pg_database WHERE datname = current_database())) || ' ' || " +
            "pg_get_userbyid((SELECT nspowner FROM pg_namespace WHERE nspname = 'kept')) || ' ' || " +
            "pg_get_userbyid((SELECT relowner FROM pg_class WHERE oid = 'kept.rows'::regclass))"));
        // The owner can now change what the superuser made (a later migration would), including the serial's sequence.
        Assert.Equal("still here", await ScalarAsync(owner, "ALTER TABLE kept.rows ADD COLUMN w text; INSERT INTO kept.rows (v) VALUES ('new'); SELECT v FROM kept.rows ORDER BY id LIMIT 1"));
        await using var runtime = new NpgsqlConnection(upgraded.RuntimeConnectionString);
        await runtime.OpenAsync();
        Assert.Equal("hub_runtime false", await ScalarAsync(runtime, "SELECT current_user || ' ' || rolsuper FROM pg_roles WHERE rolname = current_user"));
    }

    [Fact]
    public async Task Stop_Clean_LeavesNoServerProcess()
    {
        var postgres = Create(null);
        await postgres.StartAsync(CancellationToken.None);
        Assert.NotEmpty(ServerProcesses.PostgresFor(DataDirectory));
        await postgres.StopAsync(CancellationToken.None);
        // pg_ctl returns once the pid file is gone; the server's last children exit a moment later.
        await ServerProcesses.WaitUntilAsync(() => ServerProcesses.PostgresFor(DataDirectory).Count == 0,
            TimeSpan.FromSeconds(10), "every PostgreSQL process to exit after a clean stop");
    }

    [Fact]
    public async Task Watchdog_OwnerKilled_StopsTheServer()
    {
        using var owner = ServerProcesses.StartStandIn();
        var postgres = Create(owner.Id);
        await postgres.StartAsync(CancellationToken.None);
        Assert.NotEmpty(ServerProcesses.PostgresFor(DataDirectory));
        owner.Kill();
        await ServerProcesses.WaitUntilAsync(() => ServerProcesses.PostgresFor(DataDirectory).Count == 0,
            TimeSpan.FromSeconds(60), "the watchdog to stop PostgreSQL after its owner died");
    }

    [Fact]
    public async Task Start_InstanceLeftByAKilledHub_IsRecoveredWithItsData()
    {
        using var killedHub = ServerProcesses.StartStandIn();
        var left = Create(killedHub.Id);
        await left.StartAsync(CancellationToken.None);
        await using (var connection = new NpgsqlConnection(left.ConnectionString))
        {
            await connection.OpenAsync();
            await ScalarAsync(connection, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here'); SELECT 'ok'");
        }

        // The Hub dies, and so (before it can act) does its watchdog: the server is left running, owned by no one.
        foreach (var watchdog in ServerProcesses.WatchdogsFor(DataDirectory))
        {
            System.Diagnostics.Process.GetProcessById(watchdog).Kill();
        }

        killedHub.Kill();
        await killedHub.WaitForExitAsync();
        var stale = ServerProcesses.PostgresFor(DataDirectory);
        Assert.NotEmpty(stale);
        NpgsqlConnection.ClearAllPools();
        await using var restarted = Create(null);
        await restarted.StartAsync(CancellationToken.None);
        Assert.DoesNotContain(stale.Min(), ServerProcesses.PostgresFor(DataDirectory));
        await using (var connection = new NpgsqlConnection(restarted.ConnectionString))
        {
            await connection.OpenAsync();
            Assert.Equal("still here", await ScalarAsync(connection, "SELECT v FROM kept"));
        }
    }

    [Fact]
    public async Task Start_WhileALiveHubRunsTheCluster_AttachesAndLeavesItRunning()
    {
        await using var serving = Create(null);
        await serving.StartAsync(CancellationToken.None);
        var running = ServerProcesses.PostgresFor(DataDirectory);

        var second = Create(null);
        await second.StartAsync(CancellationToken.None);
        Assert.True(second.Attached);
        Assert.Equal(serving.Port, second.Port);
        await using (var connection = new NpgsqlConnection(second.ConnectionString))
        {
            await connection.OpenAsync();
            Assert.Equal("1", await ScalarAsync(connection, "SELECT 1"));
        }

        await second.StopAsync(CancellationToken.None);
        Assert.Equal(running.Order(), ServerProcesses.PostgresFor(DataDirectory).Order());
    }

    public void Dispose()
    {
        foreach (var pid in ServerProcesses.PostgresFor(DataDirectory))
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill();
        }

        Directory.Delete(_root, recursive: true);
    }

    private EmbeddedPostgres Create(int? owner) => new(new EmbeddedPostgresOptions
    {
        DataDirectory = DataDirectory,
        PreferredPort = 57432,
        OwnerProcessId = owner,
    }, NullLogger.Instance);

    private static async Task<string?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync())?.ToString();
    }
}
