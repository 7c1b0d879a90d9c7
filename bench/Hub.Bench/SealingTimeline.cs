using System.Diagnostics;
using Npgsql;

namespace Hub.Bench;

/// <summary>One instance's way from its last approval to its end, from the node's own records: each effect's outbox
/// row is written by the burst that asked for it (<c>created_at</c>) and marked delivered by the transaction that
/// resumes the instance with its result (<c>delivered_at</c>), so the rows of one instance chain end to end.</summary>
internal sealed record SealingTimeline(Guid InstanceId, string Status, IReadOnlyDictionary<string, (DateTimeOffset Created, DateTimeOffset Delivered)> Effects)
{
    /// <summary>The effects of the sealing path, in the flow's order.</summary>
    public static readonly string[] Kinds = ["documents.generate", "seals.authorise", "seals.apply", "documents.archive", "documents.evidence-report"];

    /// <summary>The burst of the finance approval wrote the generate effect.</summary>
    public DateTimeOffset Decided => Effects[Kinds[0]].Created;

    /// <summary>The last effect's result (the evidence report's, in the shipped flow) resumed the instance to its End in
    /// the same transaction.</summary>
    public DateTimeOffset Completed => Effects[Kinds.Last(Effects.ContainsKey)].Delivered;

    public double Ms(string kind) => (Effects[kind].Delivered - Effects[kind].Created).TotalMilliseconds;

    /// <summary>Time between one effect's delivery and the next one's creation: zero when the resume and the next
    /// request commit together, as they should.</summary>
    public double GapsMs => Kinds.Skip(1).Select((kind, i) => (Effects[kind].Created - Effects[Kinds[i]].Delivered).TotalMilliseconds).Sum();
}

/// <summary>Reads what the node recorded (instances, outbox rows, evidence acts, lock waits) from its embedded
/// PostgreSQL, so the bench learns when an instance ended without polling the API it is measuring.</summary>
internal sealed class SealingRecords(WorkflowDatabase database)
{
    // EvidenceLogStore's AppendLockKey (0x0048_5542_4556_4944) as pg_locks shows a bigint advisory lock: high half in
    // classid, low half in objid.
    private const long EvidenceLockClass = 0x0048_5542;
    private const long EvidenceLockObject = 0x4556_4944;

    /// <summary>Waits until every instance has ended; fails at once on an open incident, and after <paramref name="timeout"/>.</summary>
    public async Task WaitForEndAsync(IReadOnlyList<Guid> instances, TimeSpan poll, TimeSpan timeout)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM hub.workflow_instances WHERE id = ANY($1) AND status IN ('Completed', 'Faulted', 'Cancelled')),
                   (SELECT string_agg(message, ' | ') FROM hub.workflow_incidents WHERE instance_id = ANY($1) AND status = 'Open')
            """, connection);
        command.Parameters.AddWithValue(instances.ToArray());
        await command.PrepareAsync();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await using (var reader = await command.ExecuteReaderAsync())
            {
                await reader.ReadAsync();
                if (!reader.IsDBNull(1))
                {
                    throw new InvalidOperationException($"incident: {reader.GetString(1)}");
                }

                if (reader.GetInt64(0) == instances.Count)
                {
                    return;
                }
            }

            if (clock.Elapsed > timeout)
            {
                throw new InvalidOperationException($"{instances.Count} instances did not all end within {timeout.TotalSeconds} s");
            }

            await Task.Delay(poll);
        }
    }

    /// <param name="expected">The effects every instance must have delivered: by default all of <see cref="SealingTimeline.Kinds"/>.</param>
    public async Task<IReadOnlyList<SealingTimeline>> TimelinesAsync(IReadOnlyList<Guid> instances, IReadOnlyList<string>? expected = null)
    {
        expected ??= SealingTimeline.Kinds;
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT i.id, i.status, o.kind, o.created_at, o.delivered_at
            FROM hub.workflow_instances i JOIN hub.workflow_outbox o ON o.instance_id = i.id
            WHERE i.id = ANY($1) AND o.status = 'Delivered'
            """, connection);
        command.Parameters.AddWithValue(instances.ToArray());
        var rows = new Dictionary<Guid, (string Status, Dictionary<string, (DateTimeOffset, DateTimeOffset)> Effects)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var id = reader.GetGuid(0);
                if (!rows.TryGetValue(id, out var row))
                {
                    rows[id] = row = (reader.GetString(1), []);
                }

                row.Effects[reader.GetString(2)] = (reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4));
            }
        }

        return [.. instances.Select(id => rows.TryGetValue(id, out var row) && expected.All(row.Effects.ContainsKey)
            ? new SealingTimeline(id, row.Status, row.Effects)
            : throw new InvalidOperationException($"instance {id} did not deliver every sealing effect"))];
    }

    /// <summary>Evidence acts appended between two moments, by kind.</summary>
    public async Task<IReadOnlyDictionary<string, long>> EvidenceActsAsync(DateTimeOffset from, DateTimeOffset to)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT kind, count(*) FROM hub.evidence_log WHERE recorded_at BETWEEN $1 AND $2 GROUP BY kind ORDER BY kind", connection);
        command.Parameters.AddWithValue(from);
        command.Parameters.AddWithValue(to);
        var acts = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            acts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return acts;
    }

    /// <summary>Samples, every <paramref name="every"/> until cancelled, how many transactions wait for the evidence
    /// log's append lock and whether one holds it.</summary>
    public async Task<SealingLockSamples> SampleEvidenceLockAsync(TimeSpan every, CancellationToken stop)
    {
        var samples = new SealingLockSamples();
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(*) FILTER (WHERE NOT granted), count(*) FILTER (WHERE granted)
            FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::bigint::oid AND objid = $2::bigint::oid
            """, connection);
        command.Parameters.AddWithValue(EvidenceLockClass);
        command.Parameters.AddWithValue(EvidenceLockObject);
        await command.PrepareAsync(CancellationToken.None);
        while (!stop.IsCancellationRequested)
        {
            await using (var reader = await command.ExecuteReaderAsync(CancellationToken.None))
            {
                await reader.ReadAsync(CancellationToken.None);
                samples.Add(reader.GetInt64(0), reader.GetInt64(1) > 0);
            }

            try
            {
                await Task.Delay(every, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return samples;
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(database.ConnectionString("hub"));
        await connection.OpenAsync();
        return connection;
    }
}

/// <summary>What the lock sampler saw: how often the evidence append lock was held, and waited for.</summary>
internal sealed class SealingLockSamples
{
    public int Samples { get; private set; }

    public int Held { get; private set; }

    public int WithWaiters { get; private set; }

    public long Waiters { get; private set; }

    public void Add(long waiters, bool held)
    {
        Samples++;
        Held += held ? 1 : 0;
        WithWaiters += waiters > 0 ? 1 : 0;
        Waiters += waiters;
    }
}
