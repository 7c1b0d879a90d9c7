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

    [Fact]
    public async Task RecurringJob_ScheduledOnTwoNodes_EachOccurrenceIsEnqueuedAndRunOnce()
    {
        // Both nodes' recurring schedulers poll the same definition. Instead of waiting for minutes to pass, the test
        // makes three past occurrences due at once: it moves the job's creation 3½ minutes back, and with strict misfire
        // handling Hangfire creates one job per missed occurrence, each carrying its occurrence as the "Time" parameter.
        // A double fire — both schedulers creating an occurrence — shows as two jobs (and two runs) with one Time; the
        // next natural occurrence has a Time of its own, so it cannot be mistaken for one.
        var run = Guid.NewGuid().ToString("N");
        var id = "counted-" + run[..8];
        foreach (var node in _nodes)
        {
            node.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<CountedJob>(id,
                job => job.RecordOccurrenceAsync(run, null, CancellationToken.None), Cron.Minutely(),
                new RecurringJobOptions { MisfireHandling = MisfireHandlingMode.Strict });
        }

        var now = DateTimeOffset.UtcNow;
        var createdAt = now.AddSeconds(-210);
        // The minutes after the moved creation, up to now: every one of them is missed, so due at the schedulers' next poll.
        var missed = Enumerable.Range(1, 4).Select(m => new DateTimeOffset(createdAt.Year, createdAt.Month, createdAt.Day, createdAt.Hour, createdAt.Minute, 0, TimeSpan.Zero).AddMinutes(m))
            .Where(t => t <= now).Select(t => t.ToUnixTimeSeconds()).ToList();
        Assert.True(missed.Count >= 3);
        await using (var owner = new NpgsqlConnection(_owner))
        {
            await owner.OpenAsync();
            await using var created = new NpgsqlCommand(
                "UPDATE hangfire.hash SET value = $2 WHERE key = 'recurring-job:' || $1 AND field = 'CreatedAt'", owner);
            created.Parameters.AddWithValue(id);
            created.Parameters.AddWithValue(createdAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(1, await created.ExecuteNonQueryAsync());
            await using var due = new NpgsqlCommand("UPDATE hangfire.set SET score = $2 WHERE key = 'recurring-jobs' AND value = $1", owner);
            due.Parameters.AddWithValue(id);
            due.Parameters.AddWithValue((double)now.AddSeconds(-1).ToUnixTimeSeconds());
            Assert.Equal(1, await due.ExecuteNonQueryAsync());
        }

        using (Witness(_nodes[0]))
        {
            await WaitForAsync(async () => await ScalarAsync(
                $"SELECT count(DISTINCT occurrence) FROM hub.counted_job_runs WHERE run = '{run}' AND occurrence = ANY('{{{string.Join(',', missed)}}}')") == missed.Count);
        }

        // One job and one run per occurrence, for the missed ones and any natural one since. (The first count shows the
        // parameters are read as Hangfire writes them, so the duplicate check below can find what it looks for.)
        Assert.True(await ScalarAsync($"""
            SELECT count(DISTINCT p.value) FROM hangfire.jobparameter p JOIN hangfire.jobparameter r ON r.jobid = p.jobid
            WHERE r.name = 'RecurringJobId' AND r.value = '"{id}"' AND p.name = 'Time'
            """) >= missed.Count);
        Assert.Equal(0L, await ScalarAsync($"""
            SELECT count(*) FROM (SELECT p.value FROM hangfire.jobparameter p JOIN hangfire.jobparameter r ON r.jobid = p.jobid
                                  WHERE r.name = 'RecurringJobId' AND r.value = '"{id}"' AND p.name = 'Time'
                                  GROUP BY p.value HAVING count(*) > 1) twice
            """));
        Assert.Equal(0L, await ScalarAsync(
            $"SELECT count(*) FROM (SELECT occurrence FROM hub.counted_job_runs WHERE run = '{run}' GROUP BY occurrence HAVING count(*) > 1) twice"));
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

        /// <summary>Records the run with the occurrence the recurring scheduler created it for (Hangfire's "Time" parameter).</summary>
        public async Task RecordOccurrenceAsync(string run, PerformContext? context, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(context);
            await using var command = dataSource.CreateCommand("INSERT INTO hub.counted_job_runs (run, occurrence) VALUES ($1, $2)");
            command.Parameters.AddWithValue(run);
            command.Parameters.AddWithValue(context.GetJobParameter<long>("Time"));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
