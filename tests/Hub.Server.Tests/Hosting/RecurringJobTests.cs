using Hangfire;
using Hangfire.Server;
using Hub.Server.Hosting;
using Hub.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hub.Server.Tests.Hosting;

/// <summary>
/// Recurring work on Hangfire in the Hub's database: two nodes sharing one database keep one definition per job and run
/// an occurrence once; the maintenance jobs run on the runtime role.
/// </summary>
public sealed class RecurringJobTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("hub-jobs-test-").FullName;
    private readonly List<WebApplication> _nodes = [];
    private string _owner = null!; // the database, as the superuser tests arrange and inspect with

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("Documents__WarmOnStart", "false");
        _owner = await TestPostgres.CreateDatabaseAsync();
        await using var owner = new NpgsqlConnection(TestPostgres.AsOwner(_owner));
        await owner.OpenAsync();
        // Made as a migration makes tables, so the runtime role gets its rights by default.
        await using var create = new NpgsqlCommand(
            "CREATE TABLE hub.counted_job_runs (id bigserial PRIMARY KEY, run text NOT NULL, occurrence bigint)", owner);
        await create.ExecuteNonQueryAsync();
        for (var i = 0; i < 2; i++)
        {
            // Both nodes share the data directory (its master key), as nodes of one Hub do.
            var node = HubWebApplication.Build(new HubServerOptions
            {
                ConnectionString = TestPostgres.AsRuntimeRole(_owner),
                MigrationConnectionString = TestPostgres.AsOwner(_owner),
                Urls = "http://127.0.0.1:0",
                DataDirectory = _data,
                SeedDemo = false,
            });
            await HubWebApplication.PrepareAsync(node, CancellationToken.None);
            await node.StartAsync();
            _nodes.Add(node);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.StopAsync();
            await node.DisposeAsync();
        }

        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task RecurringJob_DeclaredAndTriggeredOnTwoNodes_RunsOnce()
    {
        var run = Guid.NewGuid().ToString("N");
        foreach (var node in _nodes)
        {
            node.Services.GetRequiredService<IRecurringJobManager>()
                .AddOrUpdate<CountedJob>("counted", job => job.RecordAsync(run, CancellationToken.None), Cron.Never());
        }

        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM hangfire.set WHERE key = 'recurring-jobs' AND value = 'counted'"));
        Assert.Equal(2L, await ScalarAsync("SELECT count(DISTINCT id) FROM hangfire.server"));
        var jobId = _nodes[1].Services.GetRequiredService<IRecurringJobManagerV2>().TriggerJob("counted");
        using (Witness(_nodes[0]))
        {
            await WaitForStateAsync(jobId, "Succeeded");
        }

        Assert.Equal(1L, await ScalarAsync($"SELECT count(*) FROM hub.counted_job_runs WHERE run = '{run}'"));
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM hangfire.job WHERE invocationdata::text LIKE '%CountedJob%'"));
    }

    [Fact]
    public async Task MaintenanceJobs_DeclaredByEveryNode_ExistOnceAndPruneOnTheRuntimeRole()
    {
        foreach (var id in new[] { "nonce-pruning", "identity-wait-sweep", "crl-refresh", "evidence-anchoring" })
        {
            Assert.Equal(1L, await ScalarAsync($"SELECT count(*) FROM hangfire.set WHERE key = 'recurring-jobs' AND value = '{id}'"));
        }

        await using (var owner = new NpgsqlConnection(_owner))
        {
            await owner.OpenAsync();
            await using var insert = new NpgsqlCommand(
                "INSERT INTO hub.api_request_nonces (key_id, nonce, seen_at) VALUES ('old-key', 'old-nonce', now() - interval '1 day')", owner);
            await insert.ExecuteNonQueryAsync();
        }

        var jobId = _nodes[0].Services.GetRequiredService<IRecurringJobManagerV2>().TriggerJob("nonce-pruning");
        using (Witness(_nodes[0]))
        {
            await WaitForStateAsync(jobId, "Succeeded");
        }

        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM hub.api_request_nonces WHERE nonce = 'old-nonce'"));
    }

    /// <summary>
    /// A worker of its own for the jobs a test enqueues, on <paramref name="node"/>'s storage and job activator (its
    /// services, the runtime role), without schedulers. The nodes' two workers each may be running other maintenance,
    /// or backing off after a storage error (Hangfire waits attempt² seconds, up to 5 minutes, before a failed worker
    /// polls again), so a test that waited on them waited on everything else the machine was doing.
    /// </summary>
    private static BackgroundJobServer Witness(WebApplication node) => new(new BackgroundJobServerOptions
    {
        ServerName = "test-witness",
        WorkerCount = 1,
        IsLightweightServer = true,
        Activator = node.Services.GetRequiredService<JobActivator>(),
    }, node.Services.GetRequiredService<JobStorage>());

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 90 s");
            await Task.Delay(200);
        }
    }

    private async Task WaitForStateAsync(string jobId, string state)
    {
        // Workers poll Hangfire's queue; the job is done when its state says so (failed states end the wait too).
        var deadline = DateTime.UtcNow.AddSeconds(90);
        string? seen = null;
        while (DateTime.UtcNow < deadline)
        {
            await using var connection = new NpgsqlConnection(_owner);
            await connection.OpenAsync();
            await using var read = new NpgsqlCommand("SELECT statename FROM hangfire.job WHERE id = $1", connection);
            read.Parameters.AddWithValue(long.Parse(jobId, System.Globalization.CultureInfo.InvariantCulture));
            seen = await read.ExecuteScalarAsync() as string;
            if (seen is "Succeeded" or "Failed" or "Deleted")
            {
                break;
            }

            await Task.Delay(200);
        }

        Assert.Equal(state, seen);
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_owner);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A job whose runs are counted by a row each, written on the runtime role.</summary>
    public sealed class CountedJob(NpgsqlDataSource dataSource)
    {
        public async Task RecordAsync(string run, CancellationToken cancellationToken)
        {
            await using var command = dataSource.CreateCommand("INSERT INTO hub.counted_job_runs (run) VALUES ($1)");
            command.Parameters.AddWithValue(run);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
