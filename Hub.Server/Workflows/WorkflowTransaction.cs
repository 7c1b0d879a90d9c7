using Hub.Activities.Evidence.Chain;
using Hub.Server.Evidence;
using Npgsql;
using NpgsqlTypes;

namespace Hub.Server.Workflows;

/// <summary>One database transaction of the workflow host. Reads go out at once; writes are queued and sent as
/// one batch just before COMMIT, so a burst costs one write round trip and exactly one commit.</summary>
internal sealed class WorkflowTransaction : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlTransaction transaction;
    private readonly WorkflowCounters counters;
    private readonly WorkSignal signal;
    private readonly List<(NpgsqlBatchCommand Command, string? Expectation)> pending = [];
    private readonly List<(EvidenceAct Act, DateTimeOffset At)> evidence = [];
    private DateTimeOffset? announce;

    private WorkflowTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction, WorkflowCounters counters, WorkSignal signal)
    {
        this.connection = connection;
        this.transaction = transaction;
        this.counters = counters;
        this.signal = signal;
    }

    public static async Task<WorkflowTransaction> BeginAsync(NpgsqlDataSource dataSource, WorkflowCounters counters, WorkSignal signal,
        CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            return new WorkflowTransaction(connection, transaction, counters, signal);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public NpgsqlCommand Command(string sql, params object?[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var p in parameters)
        {
            command.Parameters.Add(Parameter(p));
        }

        return command;
    }

    /// <summary>Reads sent in one round trip and run in order, each after the one before has finished (so a later one
    /// runs under the locks an earlier one took); prepared like <see cref="PreparedAsync"/>.</summary>
    public async Task<NpgsqlBatch> PreparedBatchAsync(CancellationToken cancellationToken, params (string Sql, object?[] Parameters)[] statements)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        foreach (var (sql, parameters) in statements)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var p in parameters)
            {
                command.Parameters.Add(Parameter(p));
            }

            batch.BatchCommands.Add(command);
        }

        await batch.PrepareAsync(cancellationToken);
        return batch;
    }

    /// <summary>A read prepared on this connection (see <see cref="CommitAsync"/> for why); use it for the statements
    /// every burst repeats.</summary>
    public async Task<NpgsqlCommand> PreparedAsync(string sql, CancellationToken cancellationToken, params object?[] parameters)
    {
        var command = Command(sql, parameters);
        await command.PrepareAsync(cancellationToken);
        return command;
    }

    /// <summary>Queues a write. With <paramref name="mustAffectOneRowOr"/>, the commit fails with that message unless
    /// the statement changed exactly one row (the row-version check).</summary>
    public void Write(string sql, object?[] parameters, string? mustAffectOneRowOr = null)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var p in parameters)
        {
            command.Parameters.Add(Parameter(p));
        }

        pending.Add((command, mustAffectOneRowOr));
    }

    public int PendingWrites => pending.Count;

    /// <summary>Enters <paramref name="act"/> in the evidence chain in this transaction, as the last step before COMMIT:
    /// the chain's append lock is then held for the commit only, and the act is recorded if and only if the change commits.</summary>
    public void RecordEvidence(EvidenceAct act, DateTimeOffset at) => evidence.Add((act, at));

    /// <summary>This transaction makes work due at <paramref name="dueAt"/> (a work item inserted or rescheduled): the
    /// commit wakes the idle workers of every node when it is due soon (<see cref="WorkSignal"/>). PostgreSQL delivers
    /// a NOTIFY only if the transaction commits, so a rolled-back burst wakes no one.</summary>
    public void WakeWorkers(DateTimeOffset dueAt)
    {
        if (signal.MustAnnounce(dueAt) && (announce is null || dueAt < announce))
        {
            announce = dueAt;
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (announce is { } dueAt)
        {
            Write("SELECT pg_notify($1, $2)", [WorkSignal.Channel, dueAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            announce = null;
        }

        if (pending.Count > 0)
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var (command, _) in pending)
            {
                batch.BatchCommands.Add(command);
            }

            // Prepared statements outlive the pooled connection, so each physical connection parses and plans a burst's
            // statements once; unprepared, PostgreSQL parsed and planned every one on every burst, which cost more
            // server CPU than executing them (bench/RESULTS.md, Workflows). Already prepared ones cost no round trip.
            await batch.PrepareAsync(cancellationToken);
            await batch.ExecuteNonQueryAsync(cancellationToken);
            foreach (var (command, expectation) in pending)
            {
                if (expectation is not null && command.RecordsAffected != 1)
                {
                    throw new WorkflowConcurrencyException(expectation);
                }
            }

            pending.Clear();
        }

        foreach (var (act, at) in evidence)
        {
            await EvidenceLogStore.AppendAsync(connection, transaction, act, at, cancellationToken);
        }

        evidence.Clear();
        await transaction.CommitAsync(cancellationToken);
        counters.Committed();
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }

    /// <summary>A parameter for a CLR value; <see cref="Json"/> marks jsonb text.</summary>
    private static NpgsqlParameter Parameter(object? value) => value switch
    {
        Json json => new NpgsqlParameter { Value = (object?)json.Text ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb },
        DateTimeOffset at => new NpgsqlParameter { Value = at.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz },
        DateTimeOffset[] times => new NpgsqlParameter { Value = times.Select(t => t.UtcDateTime).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
        // Typed, never inferred: an untyped DateTime?[] leaves Npgsql to guess timestamp or timestamptz from its elements,
        // and a burst's bookmarks mix waits without a due time (tasks, signals) with timers (issue 12).
        DateTimeOffset?[] times => new NpgsqlParameter { Value = times.Select(t => t?.UtcDateTime).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
        null => new NpgsqlParameter { Value = DBNull.Value },
        _ => new NpgsqlParameter { Value = value },
    };

    /// <summary>Marks a string parameter as jsonb.</summary>
    public sealed record Json(string? Text);
}
