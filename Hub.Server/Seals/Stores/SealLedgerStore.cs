using System.Globalization;
using Hub.Activities.Evidence.Chain;
using Hub.Activities.Seals;
using Npgsql;
using NpgsqlTypes;

namespace Hub.Server.Seals.Stores;

/// <summary>
/// Every statement over <c>hub.seal_uses</c>, the one ledger of seal uses: the sealing path records each electronic
/// use inside its own transaction, custodians record physical stamps, and readers query it by subtree, seal, person
/// and time. The running Hub may only insert and read it.
/// </summary>
internal static class SealLedgerStore
{
    private const string Select = """
        SELECT u.id, u.seal_id, u.organisation_path, u.medium, u.person_id, u.unattended, u.emergency, u.instance_id, u.document_sha256, u.sealed_sha256,
               u.document_reference, u.standing_grant_id, u.single_use_grant_id, u.category, u.amount, u.currency, u.counterparty, u.used_at,
               u.device_id, u.note, s.name, s.type, o.id, o.name, p.display_name
        FROM hub.seal_uses u JOIN hub.seals s ON s.id = u.seal_id JOIN hub.organisations o ON o.id = s.organisation_id
        LEFT JOIN hub.users p ON p.id = u.person_id
        """;

    /// <summary>Records one use inside the caller's transaction (the sealing path records its evidence act itself).</summary>
    public static async Task RecordUseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SealUseEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var insert = new NpgsqlCommand("""
            INSERT INTO hub.seal_uses (id, seal_id, organisation_path, medium, person_id, unattended, emergency, instance_id, document_sha256, sealed_sha256,
                                       document_reference, standing_grant_id, single_use_grant_id, category, amount, currency, counterparty, used_at,
                                       device_id, note)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
            """, connection, transaction);
        insert.Parameters.AddWithValue(entry.Id);
        insert.Parameters.AddWithValue(entry.SealId);
        insert.Parameters.AddWithValue(entry.OrganisationPath);
        insert.Parameters.AddWithValue(entry.Medium.ToString());
        insert.Parameters.AddWithValue(NpgsqlDbType.Uuid, (object?)entry.PersonId ?? DBNull.Value);
        insert.Parameters.AddWithValue(entry.Unattended);
        insert.Parameters.AddWithValue(entry.Emergency);
        insert.Parameters.AddWithValue(NpgsqlDbType.Uuid, (object?)entry.InstanceId ?? DBNull.Value);
        insert.Parameters.AddWithValue(NpgsqlDbType.Bytea, (object?)entry.DocumentSha256 ?? DBNull.Value);
        insert.Parameters.AddWithValue(NpgsqlDbType.Bytea, (object?)entry.SealedSha256 ?? DBNull.Value);
        insert.Parameters.AddWithValue(NpgsqlDbType.Varchar, (object?)entry.DocumentReference ?? DBNull.Value);
        insert.Parameters.AddWithValue(NpgsqlDbType.Uuid, (object?)entry.StandingGrantId ?? DBNull.Value);
        insert.Parameters.AddWithValue(NpgsqlDbType.Uuid, (object?)entry.SingleUseGrantId ?? DBNull.Value);
        insert.Parameters.AddWithValue(entry.Category);
        insert.Parameters.AddWithValue(NpgsqlDbType.Numeric, (object?)entry.Amount ?? DBNull.Value);
        insert.Parameters.AddWithValue(NpgsqlDbType.Char, (object?)entry.Currency ?? DBNull.Value);
        insert.Parameters.AddWithValue(NpgsqlDbType.Varchar, (object?)entry.Counterparty ?? DBNull.Value);
        insert.Parameters.AddWithValue(entry.UsedAt);
        insert.Parameters.AddWithValue(NpgsqlDbType.Varchar, (object?)entry.DeviceId ?? DBNull.Value);
        insert.Parameters.AddWithValue(NpgsqlDbType.Varchar, (object?)entry.Note ?? DBNull.Value);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Records a physical stamp in one transaction: the seal (locked against a concurrent freeze) must be an active
    /// physical seal; the grant, when named, must be over this seal and is counted; then the ledger row and the evidence
    /// act. Refused with nothing written otherwise.
    /// </summary>
    public static async Task<SealOutcome<SealUseEntry>> RecordPhysicalUseAsync(NpgsqlDataSource db, SealUseEntry entry, Guid actorId,
        CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var seal = await SealStore.GetAsync(connection, transaction, entry.SealId, cancellationToken);
        if (seal is null)
        {
            return SealRefusal.SealNotFound(entry.SealId);
        }

        if (seal.Medium != SealMedium.Physical || seal.Status != SealStatus.Active)
        {
            return new SealRefusal(SealRefusalKind.Conflict, seal.Medium != SealMedium.Physical ? "seal-electronic" : $"seal-{seal.Status.ToString().ToLowerInvariant()}",
                seal.Medium != SealMedium.Physical
                    ? $"{seal.Name} is electronic; its uses are recorded by the sealing path."
                    : $"{seal.Name} is {seal.Status.ToString().ToLowerInvariant()} ({seal.StatusReason}); it may not be used.");
        }

        if (entry.StandingGrantId is { } grantId)
        {
            var grant = (await SealGrantStore.InForceAsync(connection, transaction, seal.Id, entry.UsedAt, cancellationToken)).FirstOrDefault(g => g.Id == grantId);
            if (grant is not null && !Covers(grant, entry))
            {
                return new SealRefusal(SealRefusalKind.Conflict, "grant-does-not-cover",
                    $"Seal grant {grantId} covers {(grant.Categories.Count == 0 ? "every category" : string.Join(", ", grant.Categories))}"
                    + (grant.AmountLimit is { } limit ? $" up to {limit.ToString("N2", CultureInfo.InvariantCulture)} {grant.Currency}" : "") + $"; not {entry.Category}"
                    + (entry.Amount is { } amount ? $" of {amount.ToString("N2", CultureInfo.InvariantCulture)} {entry.Currency}" : "") + ".");
            }

            if (grant is null || !await SealGrantStore.TryCountUseAsync(connection, transaction, grantId, entry.UsedAt, cancellationToken))
            {
                return new SealRefusal(SealRefusalKind.Conflict, "grant-not-usable",
                    $"Seal grant {grantId} is not over {seal.Name}, or is revoked, outside its window or used up.");
            }
        }

        var recorded = entry with { OrganisationPath = seal.OrganisationPath, Medium = SealMedium.Physical, DeviceId = seal.DeviceId, Unattended = false };
        await RecordUseAsync(connection, transaction, recorded, cancellationToken);
        await SealEvidence.AppendAsync(connection, transaction, EvidenceKinds.Seal, seal.OrganisationPath, actorId, SealEvidence.SealSubject(seal.Id),
            new
            {
                act = "physical-use", useId = recorded.Id, personId = recorded.PersonId, documentReference = recorded.DocumentReference, grantId = recorded.StandingGrantId,
                category = recorded.Category, amount = recorded.Amount, currency = recorded.Currency, deviceId = seal.DeviceId,
            }, recorded.UsedAt, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return recorded;
    }

    // A grant covers a use of one of its categories (all when it names none) within its amount limit, in its currency.
    private static bool Covers(SealGrant grant, SealUseEntry use) =>
        (grant.Categories.Count == 0 || grant.Categories.Contains(use.Category))
        && (grant.AmountLimit is not { } limit || (use.Amount is { } amount && amount <= limit && use.Currency == grant.Currency) || use.Amount is null);

    /// <summary>One page of the ledger, newest first, with whether more rows follow.</summary>
    public static async Task<(List<SealUseRow> Rows, bool More)> QueryAsync(NpgsqlDataSource db, SealUseQuery query, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(Select + """
             WHERE u.organisation_path LIKE ANY($1) AND ($2::text IS NULL OR u.organisation_path LIKE $2 || '%')
               AND ($3::uuid IS NULL OR u.seal_id = $3) AND ($4::uuid IS NULL OR u.person_id = $4)
               AND ($5::timestamptz IS NULL OR u.used_at >= $5) AND ($6::timestamptz IS NULL OR u.used_at < $6)
               AND ($9::uuid IS NULL OR u.instance_id = $9)
             ORDER BY u.used_at DESC, u.id OFFSET $7 LIMIT $8
            """);
        command.Parameters.AddWithValue(query.Roots.Select(r => r + "%").ToArray());
        command.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)query.SubtreePath ?? DBNull.Value);
        command.Parameters.AddWithValue(NpgsqlDbType.Uuid, (object?)query.SealId ?? DBNull.Value);
        command.Parameters.AddWithValue(NpgsqlDbType.Uuid, (object?)query.PersonId ?? DBNull.Value);
        command.Parameters.AddWithValue(NpgsqlDbType.TimestampTz, (object?)query.From ?? DBNull.Value);
        command.Parameters.AddWithValue(NpgsqlDbType.TimestampTz, (object?)query.Until ?? DBNull.Value);
        command.Parameters.AddWithValue((long)query.Offset);
        command.Parameters.AddWithValue((long)query.Limit + 1);
        command.Parameters.AddWithValue(NpgsqlDbType.Uuid, (object?)query.InstanceId ?? DBNull.Value);
        var rows = new List<SealUseRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Read(reader));
        }

        var more = rows.Count > query.Limit;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return (rows, more);
    }

    private static SealUseRow Read(NpgsqlDataReader reader) => new(new SealUseEntry
    {
        Id = reader.GetGuid(0),
        SealId = reader.GetGuid(1),
        OrganisationPath = reader.GetString(2),
        Medium = Enum.Parse<SealMedium>(reader.GetString(3)),
        PersonId = reader.IsDBNull(4) ? null : reader.GetGuid(4),
        Unattended = reader.GetBoolean(5),
        Emergency = reader.GetBoolean(6),
        InstanceId = reader.IsDBNull(7) ? null : reader.GetGuid(7),
        DocumentSha256 = reader.IsDBNull(8) ? null : reader.GetFieldValue<byte[]>(8),
        SealedSha256 = reader.IsDBNull(9) ? null : reader.GetFieldValue<byte[]>(9),
        DocumentReference = reader.IsDBNull(10) ? null : reader.GetString(10),
        StandingGrantId = reader.IsDBNull(11) ? null : reader.GetGuid(11),
        SingleUseGrantId = reader.IsDBNull(12) ? null : reader.GetGuid(12),
        Category = reader.GetString(13),
        Amount = reader.IsDBNull(14) ? null : reader.GetDecimal(14),
        Currency = reader.IsDBNull(15) ? null : reader.GetString(15),
        Counterparty = reader.IsDBNull(16) ? null : reader.GetString(16),
        UsedAt = reader.GetFieldValue<DateTimeOffset>(17),
        DeviceId = reader.IsDBNull(18) ? null : reader.GetString(18),
        Note = reader.IsDBNull(19) ? null : reader.GetString(19),
    }, reader.GetString(20), Enum.Parse<SealType>(reader.GetString(21)), reader.GetGuid(22), reader.GetString(23), reader.IsDBNull(24) ? null : reader.GetString(24));
}
