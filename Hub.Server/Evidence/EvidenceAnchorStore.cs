using System.Data.Common;
using Npgsql;

namespace Hub.Server.Evidence;

/// <summary>The chain's head and <c>hub.evidence_anchors</c>: what anchoring reads and the anchor it adds.</summary>
internal static class EvidenceAnchorStore
{
    /// <summary>The last entry's seq and hash; null while the chain is empty.</summary>
    public static async Task<(long Seq, byte[] Hash)?> HeadAsync(NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT seq, entry_hash FROM hub.evidence_log ORDER BY seq DESC LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)) : null;
    }

    /// <summary>The anchor of the highest head; null before the first.</summary>
    public static async Task<EvidenceAnchor?> LatestAsync(NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(
            "SELECT head_seq, head_hash, token, anchored_at FROM hub.evidence_anchors ORDER BY head_seq DESC LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Anchor(reader) : null;
    }

    /// <summary>Adds <paramref name="anchor"/>; false when its head is anchored already (another node was first).</summary>
    public static async Task<bool> TryAddAsync(NpgsqlDataSource db, EvidenceAnchor anchor, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            INSERT INTO hub.evidence_anchors (head_seq, head_hash, token, anchored_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (head_seq) DO NOTHING
            """);
        command.Parameters.AddWithValue(anchor.HeadSeq);
        command.Parameters.AddWithValue(anchor.HeadHash);
        command.Parameters.AddWithValue(anchor.Token);
        command.Parameters.AddWithValue(anchor.AnchoredAt.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>An anchor from a reader whose columns are, in order, the table's.</summary>
    public static EvidenceAnchor Anchor(DbDataReader reader) => new(
        reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<byte[]>(2), reader.GetFieldValue<DateTimeOffset>(3));
}
