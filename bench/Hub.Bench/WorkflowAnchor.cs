using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Hub.Bench;

/// <summary>
/// The anchor A_db of ../shared/references/perf.md §3–4: pgbench running the transition script (INSERT an event,
/// UPDATE the instance row, one transaction) against the same embedded PostgreSQL the Hub uses, in a database of its
/// own ("anchor") so that the Hub database's commit counter stays the Hub's.
/// </summary>
internal sealed partial class WorkflowAnchor(WorkflowDatabase database, string workDirectory)
{
    // perf.md §4, verbatim SQL; 100k instance rows.
    private const string Script = """
        \set id random(1, 100000)
        BEGIN;
        INSERT INTO wf_event(instance_id,kind,payload) VALUES (:id,'approve','{"by":"reviewer-7","comment":"ok"}');
        UPDATE wf_instance SET state=state+1, version=version+1, updated_at=now() WHERE id=:id;
        COMMIT;
        """;

    public static string PgBench => File.Exists("/usr/lib/postgresql/15/bin/pgbench") ? "/usr/lib/postgresql/15/bin/pgbench" : "pgbench";

    public string ScriptPath => Path.Combine(workDirectory, "transition.sql");

    public async Task PrepareAsync()
    {
        await database.ExecuteAsync("hub", "DROP DATABASE IF EXISTS anchor");
        await database.ExecuteAsync("hub", "CREATE DATABASE anchor");
        await database.ExecuteAsync("anchor", """
            CREATE TABLE wf_instance (id int PRIMARY KEY, state int NOT NULL, version int NOT NULL, updated_at timestamptz NOT NULL, data jsonb);
            CREATE TABLE wf_event (id bigserial PRIMARY KEY, instance_id int NOT NULL, kind text NOT NULL, payload jsonb);
            CREATE INDEX ix_wf_event_instance ON wf_event (instance_id);
            INSERT INTO wf_instance SELECT g, 0, 0, now(), '{"step":"start"}' FROM generate_series(1, 100000) g;
            """);
        // VACUUM refuses to run inside the implicit transaction of a multi-statement command.
        await database.ExecuteAsync("anchor", "VACUUM ANALYZE wf_instance");
        await File.WriteAllTextAsync(ScriptPath, Script + "\n");
    }

    /// <summary>Runs <c>pgbench -n -f transition.sql -c clients -j threads -T seconds anchor</c> and answers its tps
    /// (without initial connection time) and the command line, for RESULTS.md.</summary>
    public async Task<(double Tps, string Command)> RunAsync(int clients, int seconds)
    {
        var threads = Math.Min(clients, 2);
        string[] arguments = ["-h", "127.0.0.1", "-p", database.Port.ToString(CultureInfo.InvariantCulture), "-U", "hub", "-n", "-f", ScriptPath,
            "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", threads.ToString(CultureInfo.InvariantCulture),
            "-T", seconds.ToString(CultureInfo.InvariantCulture), "anchor"];
        var start = new ProcessStartInfo(PgBench) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGPASSWORD"] = database.Password;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{PgBench} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await output;
        var match = TpsLine().Match(text);
        if (process.ExitCode != 0 || !match.Success)
        {
            throw new InvalidOperationException($"pgbench exited {process.ExitCode}:\n{text}\n{await error}");
        }

        return (double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), "PGPASSWORD=$(cat DATA/pg.secret) " + PgBench + " " + string.Join(' ', arguments));
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsLine();
}
