using System.Text.Json;
using Hub.Activities.Seals;
using Hub.Activities.Seals.Use;
using Npgsql;
using NpgsqlTypes;

namespace Hub.Server.Seals.Use;

/// <summary>
/// The single-use seal grants of <c>hub.seal_use_grants</c>. Issued inside the authorising transaction (with the
/// decision and its evidence act); consumed under a row lock inside the sealing transaction, so one grant seals once.
/// </summary>
internal static class SealUseGrantStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Columns = """
        id, seal_id, organisation_path, document_sha256, instance_id, definition_id, definition_version, standing_grant_id,
        rule_ids, explanations, decisions, request, issued_at, expires_at, used_at, used_by, sealed_document_sha256,
        revoked_at, revocation_reason, result
        """;

    /// <summary>A grant with what its use returned, once used.</summary>
    public sealed record Stored(SealUseGrant Grant, JsonElement? Result);

    /// <summary>Inserts <paramref name="grant"/>, issued by the effect <paramref name="issuedBy"/> at node <paramref name="nodeId"/>.</summary>
    public static async Task IssueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SealUseGrant grant, string nodeId, string issuedBy,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO hub.seal_use_grants (id, seal_id, organisation_path, document_sha256, instance_id, node_id, definition_id,
                definition_version, standing_grant_id, rule_ids, explanations, decisions, request, issued_by, issued_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
            """, connection, transaction);
        command.Parameters.AddWithValue(grant.Id);
        command.Parameters.AddWithValue(grant.SealId);
        command.Parameters.AddWithValue(grant.OrganisationPath);
        command.Parameters.AddWithValue(grant.DocumentSha256);
        command.Parameters.AddWithValue(grant.InstanceId);
        command.Parameters.AddWithValue(nodeId);
        command.Parameters.AddWithValue(grant.DefinitionId);
        command.Parameters.AddWithValue(grant.DefinitionVersion);
        command.Parameters.AddWithValue(grant.StandingGrantId.HasValue ? grant.StandingGrantId.Value : DBNull.Value);
        command.Parameters.AddWithValue(grant.RuleIds.ToArray());
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(grant.Explanations, Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(grant.Decisions, Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(grant.Request, Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.AddWithValue(issuedBy);
        command.Parameters.AddWithValue(grant.IssuedAt);
        command.Parameters.AddWithValue(grant.ExpiresAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The grant the authorising effect <paramref name="issuedBy"/> issued, if it did (a redelivery).</summary>
    public static async Task<Stored?> FindIssuedByAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string issuedBy, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM hub.seal_use_grants WHERE issued_by = $1", connection, transaction);
        command.Parameters.AddWithValue(issuedBy);
        return await ReadOneAsync(command, cancellationToken);
    }

    /// <summary>The grant <paramref name="id"/>.</summary>
    public static async Task<Stored?> GetAsync(NpgsqlDataSource db, Guid id, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand($"SELECT {Columns} FROM hub.seal_use_grants WHERE id = $1");
        command.Parameters.AddWithValue(id);
        return await ReadOneAsync(command, cancellationToken);
    }

    /// <summary>
    /// The grant <paramref name="id"/>, locked until <paramref name="transaction"/> ends. A grant another attempt holds
    /// is not waited for (that would hold a connection per waiting attempt): <see cref="SealGrantBusyException"/> says
    /// so, and the caller retries later, when the grant is used or free again.
    /// </summary>
    public static async Task<Stored?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM hub.seal_use_grants WHERE id = $1 FOR UPDATE NOWAIT", connection, transaction);
        command.Parameters.AddWithValue(id);
        try
        {
            return await ReadOneAsync(command, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            throw new SealGrantBusyException(id, e);
        }
    }

    /// <summary>Marks a locked, unused grant used by <paramref name="usedBy"/>; false if it was used meanwhile.</summary>
    public static async Task<bool> MarkUsedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, DateTimeOffset at, string usedBy,
        string sealedSha256, JsonElement result, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE hub.seal_use_grants SET used_at = $2, used_by = $3, sealed_document_sha256 = $4, result = $5
            WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL
            """, connection, transaction);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(at);
        command.Parameters.AddWithValue(usedBy);
        command.Parameters.AddWithValue(sealedSha256);
        command.Parameters.Add(new NpgsqlParameter { Value = result.GetRawText(), NpgsqlDbType = NpgsqlDbType.Jsonb });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Revokes an unused grant at once; false if there is none unused and unrevoked.</summary>
    public static async Task<bool> RevokeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, string reason, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE hub.seal_use_grants SET revoked_at = $2, revocation_reason = $3 WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL
            """, connection, transaction);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(at);
        command.Parameters.AddWithValue(reason);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static async Task<Stored?> ReadOneAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var grant = new SealUseGrant
        {
            Id = reader.GetGuid(0),
            SealId = reader.GetGuid(1),
            OrganisationPath = reader.GetString(2),
            DocumentSha256 = reader.GetString(3),
            InstanceId = reader.GetGuid(4),
            DefinitionId = reader.GetString(5),
            DefinitionVersion = reader.GetInt32(6),
            StandingGrantId = reader.IsDBNull(7) ? null : reader.GetGuid(7),
            RuleIds = reader.GetFieldValue<Guid[]>(8),
            Explanations = JsonSerializer.Deserialize<List<Explanation>>(reader.GetString(9), Json) ?? [],
            Decisions = JsonSerializer.Deserialize<List<RecordedApproval>>(reader.GetString(10), Json) ?? [],
            Request = JsonSerializer.Deserialize<SealUseRequest>(reader.GetString(11), Json)
                      ?? throw new InvalidOperationException("A seal-use grant has no request."),
            IssuedAt = reader.GetFieldValue<DateTimeOffset>(12),
            ExpiresAt = reader.GetFieldValue<DateTimeOffset>(13),
            UsedAt = reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14),
            UsedBy = reader.IsDBNull(15) ? null : reader.GetString(15),
            SealedDocumentSha256 = reader.IsDBNull(16) ? null : reader.GetString(16),
            RevokedAt = reader.IsDBNull(17) ? null : reader.GetFieldValue<DateTimeOffset>(17),
            RevocationReason = reader.IsDBNull(18) ? null : reader.GetString(18),
        };
        JsonElement? result = reader.IsDBNull(19) ? null : JsonDocument.Parse(reader.GetString(19)).RootElement.Clone();
        return new Stored(grant, result);
    }
}

/// <summary>Another attempt is using the single-use grant right now; retry once it has finished.</summary>
internal sealed class SealGrantBusyException(Guid grantId, Exception inner)
    : Exception($"Seal-use grant {grantId} is being used by another attempt; retry when it has finished.", inner);
