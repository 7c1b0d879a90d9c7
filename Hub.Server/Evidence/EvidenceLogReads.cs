using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Hub.Server.Evidence;

/// <summary>Reads of <c>hub.evidence_log</c> for people: a subtree's entries, filtered and paged newest first.</summary>
internal static class EvidenceLogReads
{
    /// <summary>The largest page a caller may ask for.</summary>
    public const int MaxPage = 500;

    /// <summary>A filter over the entries of one organisation subtree; each null field matches everything.</summary>
    public sealed record Filter(string OrganisationPath, string? Kind, string? Subject, DateTimeOffset? From, DateTimeOffset? To, long? Before, int Limit);

    /// <summary>Up to <see cref="Filter.Limit"/> entries of the subtree, newest first, all with a seq below
    /// <see cref="Filter.Before"/> when it is given (the cursor of the next page).</summary>
    public static async Task<List<EvidenceEntry>> ListAsync(NpgsqlDataSource db, Filter filter, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            SELECT seq, recorded_at, kind, organisation_path, actor_id, subject, details, previous_hash, entry_hash
            FROM hub.evidence_log
            WHERE organisation_path LIKE $1 || '%' AND ($2::text IS NULL OR kind = $2) AND ($3::text IS NULL OR subject = $3)
              AND ($4::timestamptz IS NULL OR recorded_at >= $4) AND ($5::timestamptz IS NULL OR recorded_at < $5)
              AND ($6::bigint IS NULL OR seq < $6)
            ORDER BY seq DESC LIMIT $7
            """);
        command.Parameters.AddWithValue(filter.OrganisationPath);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)filter.Kind ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)filter.Subject ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = (object?)filter.From?.UtcDateTime ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = (object?)filter.To?.UtcDateTime ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = (object?)filter.Before ?? DBNull.Value });
        command.Parameters.AddWithValue(filter.Limit);
        var entries = new List<EvidenceEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(Entry(reader));
        }

        return entries;
    }

    /// <summary>An entry from a reader whose columns are, in order, the table's.</summary>
    public static EvidenceEntry Entry(DbDataReader reader) => new(
        reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetGuid(4), reader.GetString(5), reader.GetString(6),
        reader.GetFieldValue<byte[]>(7), reader.GetFieldValue<byte[]>(8));
}
