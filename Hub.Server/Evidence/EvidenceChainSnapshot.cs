using System.Data;
using System.Runtime.CompilerServices;
using Npgsql;

namespace Hub.Server.Evidence;

/// <summary>
/// The evidence chain and its anchors as one consistent snapshot (a read-only, repeatable-read transaction), read in
/// seq order one page at a time, so verifying a large log holds one page in memory and never sees an entry or anchor
/// committed halfway through (an anchor read would otherwise name a head the entries read before it never reached).
/// </summary>
internal sealed class EvidenceChainSnapshot : IAsyncDisposable
{
    private const int PageSize = 1000;
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private EvidenceChainSnapshot(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public static async Task<EvidenceChainSnapshot> OpenAsync(NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var connection = await db.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
            await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction))
            {
                await readOnly.ExecuteNonQueryAsync(cancellationToken);
            }

            return new EvidenceChainSnapshot(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Every entry in seq order. Each page is read to its end before it is handed out, so the anchors can be
    /// read on the same connection between two pages.</summary>
    public async IAsyncEnumerable<EvidenceEntry> EntriesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = 0L;
        while (true)
        {
            var page = new List<EvidenceEntry>(PageSize);
            await using (var command = new NpgsqlCommand("""
                SELECT seq, recorded_at, kind, organisation_path, actor_id, subject, details, previous_hash, entry_hash
                FROM hub.evidence_log WHERE seq > $1 ORDER BY seq LIMIT $2
                """, _connection, _transaction))
            {
                command.Parameters.AddWithValue(after);
                command.Parameters.AddWithValue(PageSize);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    page.Add(EvidenceLogReads.Entry(reader));
                }
            }

            foreach (var entry in page)
            {
                yield return entry;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            after = page[^1].Seq;
        }
    }

    /// <summary>Every anchor in head order.</summary>
    public async IAsyncEnumerable<EvidenceAnchor> AnchorsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = 0L;
        while (true)
        {
            var page = new List<EvidenceAnchor>(PageSize);
            await using (var command = new NpgsqlCommand(
                "SELECT head_seq, head_hash, token, anchored_at FROM hub.evidence_anchors WHERE head_seq > $1 ORDER BY head_seq LIMIT $2",
                _connection, _transaction))
            {
                command.Parameters.AddWithValue(after);
                command.Parameters.AddWithValue(PageSize);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    page.Add(EvidenceAnchorStore.Anchor(reader));
                }
            }

            foreach (var anchor in page)
            {
                yield return anchor;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            after = page[^1].HeadSeq;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
