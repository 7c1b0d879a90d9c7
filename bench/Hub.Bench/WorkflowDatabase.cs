using System.Globalization;
using Npgsql;

namespace Hub.Bench;

/// <summary>The counters of one moment in the Hub's database that the bench turns into rates.</summary>
/// <param name="Commits">pg_stat_database.xact_commit of the hub database: every committed transaction, read-only included.</param>
/// <param name="WritingTransactions">The transaction id counter (txid_current): only transactions that wrote get an id.</param>
/// <param name="Bursts">The sum of the instances' row versions: every committed burst increments its instance's version.</param>
/// <param name="Journal">Journal rows: one per persisted node transition.</param>
/// <param name="Instances">Instance rows.</param>
internal sealed record WorkflowCounts(long Commits, long WritingTransactions, long Bursts, long Journal, long Instances)
{
    public WorkflowCounts Minus(WorkflowCounts earlier) => new(Commits - earlier.Commits, WritingTransactions - earlier.WritingTransactions,
        Bursts - earlier.Bursts, Journal - earlier.Journal, Instances - earlier.Instances);
}

/// <summary>The embedded PostgreSQL of a serve node's data directory, reached as its own tools would: user <c>hub</c>,
/// the generated password in <c>DATA/pg.secret</c>, the port from <c>hub.conf</c>.</summary>
internal sealed class WorkflowDatabase(string dataDirectory)
{
    public string Password { get; } = File.ReadAllText(Path.Combine(dataDirectory, "pg.secret")).Trim();

    public int Port { get; } = ReadPort(dataDirectory);

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = Port, Database = database, Username = "hub", Password = Password, Pooling = false,
    }.ConnectionString;

    /// <summary>Reads every counter in one statement, so the probe itself adds one commit and one transaction id.
    /// pg_stat_clear_snapshot makes the statistics current rather than those cached at the transaction's start.</summary>
    public async Task<WorkflowCounts> CountAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString("hub"));
        await connection.OpenAsync();
        await using (var clear = new NpgsqlCommand("SELECT pg_stat_clear_snapshot(), pg_stat_force_next_flush()", connection))
        {
            await clear.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand("""
            SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()),
                   txid_current(),
                   (SELECT coalesce(sum(version), 0) FROM hub.workflow_instances),
                   (SELECT count(*) FROM hub.workflow_journal),
                   (SELECT count(*) FROM hub.workflow_instances)
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new WorkflowCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
    }

    public async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }

    private static int ReadPort(string dataDirectory)
    {
        var file = Directory.EnumerateFiles(Path.Combine(dataDirectory, "pg"), "hub.conf", SearchOption.AllDirectories).FirstOrDefault()
            ?? throw new InvalidOperationException($"no hub.conf under {dataDirectory}/pg");
        foreach (var line in File.ReadLines(file))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("port", StringComparison.Ordinal) && trimmed.Contains('=', StringComparison.Ordinal))
            {
                return int.Parse(trimmed.Split('=', 2)[1].Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"no port in {file}");
    }
}
