using System.Text.Json;
using Hub.Activities.Evidence.Chain;
using Npgsql;

namespace Hub.Server.Evidence;

/// <summary>
/// Appends acts to <c>hub.evidence_log</c>, each linked to the one before by <see cref="EvidenceHash"/>. Call the
/// transactional overload from a store that changes other rows for the same act, so both commit or neither does.
/// </summary>
internal static class EvidenceLogStore
{
    // Appends serialise on this lock for the rest of the caller's transaction: the runtime role may not lock rows of an
    // append-only table (FOR UPDATE needs UPDATE), and the primary key on seq refuses a fork if the lock were bypassed.
    private const long AppendLockKey = 0x0048_5542_4556_4944;

    /// <summary>Appends <paramref name="act"/> at <paramref name="at"/> inside <paramref name="transaction"/>; returns its seq.</summary>
    public static async Task<long> AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, EvidenceAct act, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(act);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue(AppendLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        long previousSeq = 0;
        var previousHash = EvidenceHash.Genesis;
        await using (var head = new NpgsqlCommand("SELECT seq, entry_hash FROM hub.evidence_log ORDER BY seq DESC LIMIT 1", connection, transaction))
        await using (var reader = await head.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                previousSeq = reader.GetInt64(0);
                previousHash = reader.GetFieldValue<byte[]>(1);
            }
        }

        var seq = previousSeq + 1;
        var recordedAt = EvidenceHash.Truncate(at);
        var details = act.Details.ValueKind == JsonValueKind.Undefined ? "{}" : act.Details.GetRawText();
        var entryHash = EvidenceHash.Compute(previousHash, seq, recordedAt, act.Kind, act.OrganisationPath, act.ActorId, act.Subject, details);
        await using var insert = new NpgsqlCommand("""
            INSERT INTO hub.evidence_log (seq, recorded_at, kind, organisation_path, actor_id, subject, details, previous_hash, entry_hash)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """, connection, transaction);
        insert.Parameters.AddWithValue(seq);
        insert.Parameters.AddWithValue(recordedAt);
        insert.Parameters.AddWithValue(act.Kind);
        insert.Parameters.AddWithValue(act.OrganisationPath);
        insert.Parameters.AddWithValue(act.ActorId.HasValue ? act.ActorId.Value : DBNull.Value);
        insert.Parameters.AddWithValue(act.Subject);
        insert.Parameters.AddWithValue(details);
        insert.Parameters.AddWithValue(previousHash);
        insert.Parameters.AddWithValue(entryHash);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return seq;
    }
}

/// <summary>The host's <see cref="IEvidenceLog"/>: appends each act in a transaction of its own.</summary>
internal sealed class DatabaseEvidenceLog(NpgsqlDataSource db, TimeProvider time) : IEvidenceLog
{
    /// <inheritdoc/>
    public async Task<long> AppendAsync(EvidenceAct act, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var seq = await EvidenceLogStore.AppendAsync(connection, transaction, act, time.GetUtcNow(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return seq;
    }
}
