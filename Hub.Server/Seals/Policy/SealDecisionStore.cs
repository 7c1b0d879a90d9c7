using System.Text.Json;
using Hub.Activities.Seals;
using Hub.Activities.Seals.Policy;
using Npgsql;
using NpgsqlTypes;

namespace Hub.Server.Seals.Policy;

/// <summary>
/// Every live seal-use decision in <c>hub.seal_decisions</c> (append-only for the running Hub), with the request and
/// the seal as they were, so the decision can be shown later and a proposed policy dry-run against real requests.
/// </summary>
internal static class SealDecisionStore
{
    /// <summary>One recorded decision, as read back.</summary>
    public sealed record Recorded(Guid Id, DateTimeOffset DecidedAt, SealUseRequest Request, Seal Seal, Guid? StandingGrantId,
        bool Allowed, string? RefusalCode, IReadOnlyList<Explanation> Explanations, IReadOnlyList<Guid> RuleIds);

    /// <summary>Records <paramref name="decision"/> on <paramref name="request"/> at <paramref name="at"/> inside
    /// <paramref name="transaction"/> (the caller's, so the decision commits with what it allowed); returns its id.</summary>
    public static async Task<Guid> RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SealUseRequest request,
        SealDecision decision, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(decision);
        var id = Guid.CreateVersion7(at);
        // The uploaded appearance is an image, not a fact of the decision; the ledger keeps it.
        var seal = decision.Seal with { UploadedAppearance = null };
        await using var insert = new NpgsqlCommand("""
            INSERT INTO hub.seal_decisions (id, decided_at, seal_id, organisation_id, organisation_path, requester_id, request, seal,
                standing_grant_id, allowed, refusal_code, explanations, rule_ids)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            """, connection, transaction);
        insert.Parameters.AddWithValue(id);
        insert.Parameters.AddWithValue(at);
        insert.Parameters.AddWithValue(request.SealId);
        insert.Parameters.AddWithValue(request.OrganisationId);
        insert.Parameters.AddWithValue(request.OrganisationPath);
        insert.Parameters.AddWithValue(request.RequesterId.HasValue ? request.RequesterId.Value : DBNull.Value);
        insert.Parameters.Add(Jsonb(request));
        insert.Parameters.Add(Jsonb(seal));
        insert.Parameters.AddWithValue(decision.StandingGrantId.HasValue ? decision.StandingGrantId.Value : DBNull.Value);
        insert.Parameters.AddWithValue(decision.Allowed);
        insert.Parameters.Add(new NpgsqlParameter { Value = decision.RefusalCode ?? (object)DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar });
        insert.Parameters.Add(Jsonb(decision.Explanations));
        insert.Parameters.AddWithValue(decision.RuleIds.ToArray());
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return id;
    }

    /// <summary>The latest <paramref name="limit"/> decisions on seals held at or below any of <paramref name="roots"/>,
    /// newest first.</summary>
    public static async Task<IReadOnlyList<Recorded>> LatestAsync(NpgsqlDataSource db, IReadOnlyList<string> roots, int limit,
        CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            SELECT id, decided_at, request, seal, standing_grant_id, allowed, refusal_code, explanations, rule_ids
            FROM hub.seal_decisions WHERE organisation_path LIKE ANY ($1) ORDER BY decided_at DESC, id DESC LIMIT $2
            """);
        // Paths are hex ids and slashes, so no LIKE wildcard can hide in them.
        command.Parameters.AddWithValue(roots.Select(r => r + "%").ToArray());
        command.Parameters.AddWithValue(limit);
        var decisions = new List<Recorded>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            decisions.Add(new Recorded(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1),
                Read<SealUseRequest>(reader.GetString(2)), Read<Seal>(reader.GetString(3)),
                reader.IsDBNull(4) ? null : reader.GetGuid(4), reader.GetBoolean(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                Read<List<Explanation>>(reader.GetString(7)), reader.GetFieldValue<Guid[]>(8)));
        }

        return decisions;
    }

    private static NpgsqlParameter Jsonb<T>(T value) =>
        new() { Value = JsonSerializer.Serialize(value, PolicyJson.Options), NpgsqlDbType = NpgsqlDbType.Jsonb };

    private static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, PolicyJson.Options)
        ?? throw new InvalidOperationException($"A stored seal decision holds null where a {typeof(T).Name} belongs.");
}
