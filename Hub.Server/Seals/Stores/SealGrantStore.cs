using Hub.Activities.Evidence.Chain;
using Hub.Activities.Seals;
using Npgsql;
using NpgsqlTypes;

namespace Hub.Server.Seals.Stores;

/// <summary>A standing grant with the organisation that holds its seal (its scope for readers).</summary>
internal sealed record StoredSealGrant(SealGrant Grant, string SealName, Guid OrganisationId, string OrganisationPath);

/// <summary>
/// Every statement over <c>hub.seal_grants</c>: standing grants (印章授权) are made and revoked with an evidence act
/// each, read by the sealing path, and counted by one conditional UPDATE so no number of parallel uses passes
/// <see cref="SealGrant.MaxUses"/> and a revocation stops counting at once.
/// </summary>
internal static class SealGrantStore
{
    private const string Select = """
        SELECT g.id, g.seal_id, g.grantee_kind, g.grantee, g.categories, g.amount_limit, g.currency, g.valid_from, g.valid_until, g.max_uses, g.uses,
               g.required_definition_id, g.allows_unattended, g.revoked_at, g.revocation_reason, g.granted_by, g.granted_at, s.name, o.id, o.path
        FROM hub.seal_grants g JOIN hub.seals s ON s.id = g.seal_id JOIN hub.organisations o ON o.id = s.organisation_id
        """;

    /// <summary>The grant <paramref name="id"/>; null when there is none.</summary>
    public static async Task<StoredSealGrant?> GetAsync(NpgsqlDataSource db, Guid id, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(Select + " WHERE g.id = $1");
        command.Parameters.AddWithValue(id);
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>The standing grants over <paramref name="sealId"/> in force at <paramref name="at"/>: not revoked and inside
    /// their window (an exhausted one is included; <see cref="TryCountUseAsync"/> refuses it), oldest first.</summary>
    public static async Task<List<SealGrant>> InForceAsync(NpgsqlDataSource db, Guid sealId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        return await InForceAsync(connection, transaction, sealId, at, cancellationToken);
    }

    /// <inheritdoc cref="InForceAsync(NpgsqlDataSource, Guid, DateTimeOffset, CancellationToken)"/>
    public static async Task<List<SealGrant>> InForceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid sealId, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Select + """
             WHERE g.seal_id = $1 AND g.revoked_at IS NULL AND g.valid_from <= $2 AND (g.valid_until IS NULL OR $2 < g.valid_until)
             ORDER BY g.granted_at, g.id
            """, connection, transaction);
        command.Parameters.AddWithValue(sealId);
        command.Parameters.AddWithValue(at);
        return [.. (await ReadAllAsync(command, cancellationToken)).Select(g => g.Grant)];
    }

    /// <summary>Grants over seals of organisations under one of <paramref name="roots"/>, optionally of one seal, newest first.</summary>
    public static async Task<List<StoredSealGrant>> ListAsync(NpgsqlDataSource db, IEnumerable<string> roots, Guid? sealId, bool includeRevoked,
        CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(Select + """
             WHERE o.path LIKE ANY($1) AND ($2::uuid IS NULL OR g.seal_id = $2) AND ($3 OR g.revoked_at IS NULL)
             ORDER BY g.granted_at DESC, g.id LIMIT 5000
            """);
        command.Parameters.AddWithValue(roots.Select(r => r + "%").ToArray());
        command.Parameters.AddWithValue(NpgsqlDbType.Uuid, (object?)sealId ?? DBNull.Value);
        command.Parameters.AddWithValue(includeRevoked);
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>
    /// Makes <paramref name="grant"/> (its uses start at 0) and records it in evidence, in one transaction. Refused
    /// when the seal does not exist or is revoked.
    /// </summary>
    public static async Task<SealOutcome<StoredSealGrant>> CreateAsync(NpgsqlDataSource db, SealGrant grant, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO hub.seal_grants (id, seal_id, grantee_kind, grantee, categories, amount_limit, currency, valid_from, valid_until, max_uses, uses,
                                         required_definition_id, allows_unattended, revoked_at, revocation_reason, granted_by, granted_at)
            SELECT $1, s.id, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $12, NULL, NULL, $13, $14
            FROM hub.seals s WHERE s.id = $2 AND s.status <> 'Revoked'
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue(grant.Id);
            insert.Parameters.AddWithValue(grant.SealId);
            insert.Parameters.AddWithValue(grant.GranteeKind.ToString());
            insert.Parameters.AddWithValue(grant.Grantee);
            insert.Parameters.AddWithValue(grant.Categories.ToArray());
            insert.Parameters.AddWithValue(NpgsqlDbType.Numeric, (object?)grant.AmountLimit ?? DBNull.Value);
            insert.Parameters.AddWithValue(grant.Currency);
            insert.Parameters.AddWithValue(grant.ValidFrom);
            insert.Parameters.AddWithValue(NpgsqlDbType.TimestampTz, (object?)grant.ValidUntil ?? DBNull.Value);
            insert.Parameters.AddWithValue(NpgsqlDbType.Integer, (object?)grant.MaxUses ?? DBNull.Value);
            insert.Parameters.AddWithValue(NpgsqlDbType.Varchar, (object?)grant.RequiredDefinitionId ?? DBNull.Value);
            insert.Parameters.AddWithValue(grant.AllowsUnattended);
            insert.Parameters.AddWithValue(grant.GrantedBy);
            insert.Parameters.AddWithValue(grant.GrantedAt);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return new SealRefusal(SealRefusalKind.Conflict, "seal-revoked-or-missing", $"Seal {grant.SealId} does not exist or is revoked; it takes no grants.");
            }
        }

        var stored = await ReadAsync(connection, transaction, grant.Id, cancellationToken);
        await SealEvidence.AppendAsync(connection, transaction, EvidenceKinds.Grant, stored.OrganisationPath, grant.GrantedBy, SealEvidence.GrantSubject(grant.Id),
            new
            {
                act = "standing-grant-made", sealId = grant.SealId, granteeKind = grant.GranteeKind.ToString(), grantee = grant.Grantee, categories = grant.Categories,
                amountLimit = grant.AmountLimit, currency = grant.Currency, validFrom = grant.ValidFrom, validUntil = grant.ValidUntil, maxUses = grant.MaxUses,
                requiredDefinitionId = grant.RequiredDefinitionId, allowsUnattended = grant.AllowsUnattended,
            }, grant.GrantedAt, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    /// <summary>Revokes the grant at <paramref name="at"/> (no use counts against it from then on) and records it.</summary>
    public static async Task<SealOutcome<StoredSealGrant>> RevokeAsync(NpgsqlDataSource db, Guid id, string reason, Guid? actorId, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var update = new NpgsqlCommand(
                         "UPDATE hub.seal_grants SET revoked_at = $2, revocation_reason = $3 WHERE id = $1 AND revoked_at IS NULL", connection, transaction))
        {
            update.Parameters.AddWithValue(id);
            update.Parameters.AddWithValue(at);
            update.Parameters.AddWithValue(reason);
            if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                await using var exists = new NpgsqlCommand("SELECT revoked_at FROM hub.seal_grants WHERE id = $1", connection, transaction);
                exists.Parameters.AddWithValue(id);
                return await exists.ExecuteScalarAsync(cancellationToken) is DateTime revokedAt
                    ? new SealRefusal(SealRefusalKind.Conflict, "grant-revoked", $"Seal grant {id} was revoked already at {revokedAt:u}.")
                    : SealRefusal.GrantNotFound(id);
            }
        }

        var stored = await ReadAsync(connection, transaction, id, cancellationToken);
        await SealEvidence.AppendAsync(connection, transaction, EvidenceKinds.GrantRevoked, stored.OrganisationPath, actorId, SealEvidence.GrantSubject(id),
            new { act = "standing-grant-revoked", sealId = stored.Grant.SealId, reason, usesSoFar = stored.Grant.Uses }, at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    /// <summary>
    /// Counts one use against the grant inside the caller's transaction, only if at <paramref name="at"/> it is not
    /// revoked, inside its window and below its maximum; returns whether it counted. One conditional UPDATE: parallel
    /// callers queue on the row and each re-checks the condition after the one before commits, so a grant with
    /// max uses N counts exactly N however many try; a rolled-back caller gives its use back.
    /// </summary>
    public static async Task<bool> TryCountUseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid grantId, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE hub.seal_grants SET uses = uses + 1
            WHERE id = $1 AND revoked_at IS NULL AND valid_from <= $2 AND (valid_until IS NULL OR $2 < valid_until) AND (max_uses IS NULL OR uses < max_uses)
            """, connection, transaction);
        command.Parameters.AddWithValue(grantId);
        command.Parameters.AddWithValue(at);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static async Task<StoredSealGrant> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Select + " WHERE g.id = $1", connection, transaction);
        command.Parameters.AddWithValue(id);
        return (await ReadAllAsync(command, cancellationToken)).Single();
    }

    private static async Task<List<StoredSealGrant>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var grants = new List<StoredSealGrant>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            grants.Add(new StoredSealGrant(new SealGrant
            {
                Id = reader.GetGuid(0),
                SealId = reader.GetGuid(1),
                GranteeKind = Enum.Parse<GranteeKind>(reader.GetString(2)),
                Grantee = reader.GetString(3),
                Categories = reader.GetFieldValue<string[]>(4),
                AmountLimit = reader.IsDBNull(5) ? null : reader.GetDecimal(5),
                Currency = reader.GetString(6),
                ValidFrom = reader.GetFieldValue<DateTimeOffset>(7),
                ValidUntil = reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
                MaxUses = reader.IsDBNull(9) ? null : reader.GetInt32(9),
                Uses = reader.GetInt32(10),
                RequiredDefinitionId = reader.IsDBNull(11) ? null : reader.GetString(11),
                AllowsUnattended = reader.GetBoolean(12),
                RevokedAt = reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13),
                RevocationReason = reader.IsDBNull(14) ? null : reader.GetString(14),
                GrantedBy = reader.GetGuid(15),
                GrantedAt = reader.GetFieldValue<DateTimeOffset>(16),
            }, reader.GetString(17), reader.GetGuid(18), reader.GetString(19)));
        }

        return grants;
    }
}
