using Hub.Activities.Evidence.Chain;
using Hub.Activities.Seals;
using Npgsql;

namespace Hub.Server.Seals.Stores;

/// <summary>
/// Every statement over <c>hub.seals</c> and <c>hub.seal_custodians</c>: seals are registered with their custodians,
/// read by the API and the sealing path, bound to a certificate or an uploaded appearance, and frozen, thawed or
/// revoked. Each change appends its evidence act in the same transaction.
/// </summary>
internal static class SealStore
{
    private const string Select = """
        SELECT s.id, s.organisation_id, o.path, o.name, s.type, s.medium, s.name, s.status, s.status_reason, s.certificate_serial, s.key_id,
               s.uploaded_appearance, s.person_id, s.device_id, s.location, s.registered_at,
               ARRAY(SELECT c.user_id FROM hub.seal_custodians c WHERE c.seal_id = s.id ORDER BY c.added_at, c.user_id), s.frozen_by_path
        FROM hub.seals s JOIN hub.organisations o ON o.id = s.organisation_id
        """;

    /// <summary>The seal <paramref name="id"/>; null when there is none.</summary>
    public static async Task<Seal?> GetAsync(NpgsqlDataSource db, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await ReadOneAsync(new NpgsqlCommand(Select + " WHERE s.id = $1", connection) { Parameters = { new() { Value = id } } }, cancellationToken);
    }

    /// <summary>
    /// The seal <paramref name="id"/> read inside the sealing path's transaction under a share lock, so a freeze or
    /// revocation waits until that use commits (and a use that reads after a freeze sees it); null when there is none.
    /// </summary>
    public static async Task<Seal?> GetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, CancellationToken cancellationToken) =>
        await ReadOneAsync(new NpgsqlCommand(Select + " WHERE s.id = $1 FOR SHARE OF s", connection, transaction) { Parameters = { new() { Value = id } } },
            cancellationToken);

    /// <summary>
    /// The electronic seal of <paramref name="type"/> held by <paramref name="organisationId"/> that is not revoked
    /// (active, or frozen so the caller can explain the refusal); null when the entity has none. Personal seals belong to
    /// people, not entities, and are never found here.
    /// </summary>
    public static async Task<Seal?> FindAsync(NpgsqlDataSource db, Guid organisationId, SealType type, CancellationToken cancellationToken,
        SealMedium medium = SealMedium.Electronic)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        return await FindAsync(connection, transaction, organisationId, type, cancellationToken, medium);
    }

    /// <inheritdoc cref="FindAsync(NpgsqlDataSource, Guid, SealType, CancellationToken, SealMedium)"/>
    /// <remarks>Read under a share lock, as <see cref="GetAsync(NpgsqlConnection, NpgsqlTransaction, Guid, CancellationToken)"/>.
    /// <paramref name="medium"/> physical finds the entity's physical seal of the type (the first registered, when it
    /// keeps several devices).</remarks>
    public static async Task<Seal?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid organisationId, SealType type,
        CancellationToken cancellationToken, SealMedium medium = SealMedium.Electronic) =>
        await ReadOneAsync(new NpgsqlCommand(Select + """
             WHERE s.organisation_id = $1 AND s.type = $2 AND s.type <> 'Personal' AND s.medium = $3 AND s.status <> 'Revoked'
             ORDER BY s.registered_at, s.id LIMIT 1
             FOR SHARE OF s
            """, connection, transaction) { Parameters = { new() { Value = organisationId }, new() { Value = type.ToString() }, new() { Value = medium.ToString() } } },
            cancellationToken);

    /// <summary>Seals of every organisation under one of <paramref name="roots"/>, optionally of one organisation's
    /// subtree, by organisation path and type; uploaded appearances are not read (ask for one seal).</summary>
    public static async Task<List<Seal>> ListAsync(NpgsqlDataSource db, IEnumerable<string> roots, string? subtreePath, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(Select.Replace("s.uploaded_appearance", "NULL::bytea", StringComparison.Ordinal) + """
             WHERE o.path LIKE ANY($1) AND ($2::text IS NULL OR o.path LIKE $2 || '%')
             ORDER BY o.path, s.type, s.registered_at LIMIT 5000
            """);
        command.Parameters.AddWithValue(roots.Select(r => r + "%").ToArray());
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)subtreePath ?? DBNull.Value);
        var seals = new List<Seal>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            seals.Add(Read(reader));
        }

        return seals;
    }

    /// <summary>
    /// Registers <paramref name="seal"/> with its custodians (each must belong to the seal's organisation subtree) and
    /// records the registration in evidence, all in one transaction. Refused, with nothing written, when a custodian is
    /// outside the subtree or the entity already holds an unrevoked electronic seal of that type (or the device is
    /// registered already).
    /// </summary>
    public static async Task<SealOutcome<Seal>> RegisterAsync(NpgsqlDataSource db, Seal seal, Guid? actorId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        string path;
        await using (var holder = new NpgsqlCommand("SELECT path, name FROM hub.organisations WHERE id = $1", connection, transaction))
        {
            holder.Parameters.AddWithValue(seal.OrganisationId);
            await using var reader = await holder.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return new SealRefusal(SealRefusalKind.Invalid, "organisation-not-found", $"Organisation {seal.OrganisationId} does not exist.");
            }

            path = reader.GetString(0);
            // The ledger names a seal by its holder and type (华东贸易有限公司 财务专用章) unless told otherwise.
            seal = seal with
            {
                OrganisationPath = path,
                OrganisationName = reader.GetString(1),
                Name = string.IsNullOrWhiteSpace(seal.Name) ? $"{reader.GetString(1)} {seal.Type.Chinese()}" : seal.Name.Trim(),
            };
        }

        await using (var insert = new NpgsqlCommand("""
            INSERT INTO hub.seals (id, organisation_id, type, medium, name, status, status_reason, certificate_serial, key_id, uploaded_appearance,
                                   person_id, device_id, location, registered_at, version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1)
            ON CONFLICT DO NOTHING
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue(seal.Id);
            insert.Parameters.AddWithValue(seal.OrganisationId);
            insert.Parameters.AddWithValue(seal.Type.ToString());
            insert.Parameters.AddWithValue(seal.Medium.ToString());
            insert.Parameters.AddWithValue(seal.Name);
            insert.Parameters.AddWithValue(seal.Status.ToString());
            insert.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Varchar, (object?)seal.StatusReason ?? DBNull.Value);
            insert.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Varchar, (object?)seal.CertificateSerial ?? DBNull.Value);
            insert.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Varchar, (object?)seal.KeyId ?? DBNull.Value);
            insert.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Bytea, (object?)seal.UploadedAppearance ?? DBNull.Value);
            insert.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Uuid, (object?)seal.PersonId ?? DBNull.Value);
            insert.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Varchar, (object?)seal.DeviceId ?? DBNull.Value);
            insert.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Varchar, (object?)seal.Location ?? DBNull.Value);
            insert.Parameters.AddWithValue(seal.RegisteredAt);
            int inserted;
            try
            {
                inserted = await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
            {
                return new SealRefusal(SealRefusalKind.Invalid, "person-not-found", $"Person {seal.PersonId} is not a user of the Hub.");
            }

            if (inserted == 0)
            {
                return new SealRefusal(SealRefusalKind.Conflict, "seal-exists", seal.Medium == SealMedium.Physical
                    ? $"Device {seal.DeviceId} is registered already (or seal {seal.Id} exists)."
                    : $"{seal.OrganisationName} already holds a {seal.Type.English()} that is not revoked (or seal {seal.Id} exists); revoke it first.");
            }
        }

        var custodians = seal.Custodians.Distinct().ToArray();
        if (custodians.Length > 0)
        {
            await using var add = new NpgsqlCommand("""
                INSERT INTO hub.seal_custodians (seal_id, user_id, added_at)
                SELECT $1, u.id, $3 FROM hub.users u JOIN hub.organisations o ON o.id = u.organisation_id
                WHERE u.id = ANY($2) AND o.path LIKE $4 || '%'
                """, connection, transaction);
            add.Parameters.AddWithValue(seal.Id);
            add.Parameters.AddWithValue(custodians);
            add.Parameters.AddWithValue(seal.RegisteredAt);
            add.Parameters.AddWithValue(path);
            if (await add.ExecuteNonQueryAsync(cancellationToken) != custodians.Length)
            {
                return new SealRefusal(SealRefusalKind.Invalid, "custodian-outside-subtree",
                    $"Every custodian must be a user of {seal.OrganisationName} or below it; at least one of {string.Join(", ", custodians)} is not.");
            }
        }

        await SealEvidence.AppendAsync(connection, transaction, EvidenceKinds.SealStatus, path, actorId, SealEvidence.SealSubject(seal.Id),
            new { act = "registered", type = seal.Type.ToString(), medium = seal.Medium.ToString(), name = seal.Name, deviceId = seal.DeviceId, custodians },
            seal.RegisteredAt, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return seal with { OrganisationPath = path, Custodians = custodians };
    }

    /// <summary>
    /// Moves the seal to <paramref name="target"/> with <paramref name="reason"/> and records the act: freeze (active →
    /// frozen), thaw (frozen → active, the reason is the act's, not the seal's), revoke (active or frozen → revoked,
    /// final). A seal in a state that does not allow the move is refused, naming its state. A freeze binds the level
    /// <paramref name="frozenByPath"/> (the freezing administrator's; null: the holder's own level) — who may thaw it is
    /// the caller's check (<c>SealAccess</c>).
    /// </summary>
    public static async Task<SealOutcome<Seal>> ChangeStatusAsync(NpgsqlDataSource db, Guid id, SealStatus target, string reason, Guid? actorId,
        DateTimeOffset at, CancellationToken cancellationToken, string? frozenByPath = null)
    {
        var from = target switch
        {
            SealStatus.Frozen => new[] { nameof(SealStatus.Active) },
            SealStatus.Active => [nameof(SealStatus.Frozen)],
            SealStatus.Revoked => [nameof(SealStatus.Active), nameof(SealStatus.Frozen)],
            _ => throw new ArgumentOutOfRangeException(nameof(target), target, "Unknown seal status."),
        };
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var update = new NpgsqlCommand("""
            UPDATE hub.seals SET status = $2, status_reason = $3, version = version + 1,
                frozen_by_path = CASE WHEN $2::varchar = 'Frozen' THEN coalesce($5, (SELECT o.path FROM hub.organisations o WHERE o.id = organisation_id)) END
            WHERE id = $1 AND status = ANY($4)
            """, connection, transaction))
        {
            update.Parameters.AddWithValue(id);
            update.Parameters.AddWithValue(target.ToString());
            update.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Varchar, target == SealStatus.Active ? DBNull.Value : reason);
            update.Parameters.AddWithValue(from);
            update.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Varchar, (object?)frozenByPath ?? DBNull.Value);
            if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                var current = await ReadOneAsync(new NpgsqlCommand(Select + " WHERE s.id = $1", connection, transaction) { Parameters = { new() { Value = id } } },
                    cancellationToken);
                return current is null
                    ? SealRefusal.SealNotFound(id)
                    : new SealRefusal(SealRefusalKind.Conflict, $"seal-{current.Status.ToString().ToLowerInvariant()}",
                        $"{current.Name} is {current.Status.ToString().ToLowerInvariant()}" + (current.StatusReason is null ? "" : $" ({current.StatusReason})")
                        + $"; it cannot be {Verb(target)}.");
            }
        }

        var seal = (await ReadOneAsync(new NpgsqlCommand(Select + " WHERE s.id = $1", connection, transaction) { Parameters = { new() { Value = id } } },
            cancellationToken))!;
        await SealEvidence.AppendAsync(connection, transaction, EvidenceKinds.SealStatus, seal.OrganisationPath, actorId, SealEvidence.SealSubject(id),
            new { act = Verb(target), status = target.ToString(), reason, frozenBy = seal.FrozenByPath }, at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return seal;
    }

    /// <summary>Binds an electronic, unrevoked seal to the certificate <paramref name="serial"/> whose key is <paramref name="keyId"/>, and records it.</summary>
    public static async Task<SealOutcome<Seal>> BindCertificateAsync(NpgsqlDataSource db, Guid id, string serial, string keyId, bool external, Guid? actorId,
        DateTimeOffset at, CancellationToken cancellationToken) =>
        await ChangeElectronicAsync(db, id,
            "UPDATE hub.seals SET certificate_serial = $2, key_id = $3, version = version + 1 WHERE id = $1", [serial, keyId], actorId, at,
            new { act = "certificate-bound", serial, external }, cancellationToken);

    /// <summary>Sets (or, with null, clears) the uploaded appearance of an electronic, unrevoked seal, and records it.</summary>
    public static async Task<SealOutcome<Seal>> SetAppearanceAsync(NpgsqlDataSource db, Guid id, byte[]? png, Guid? actorId, DateTimeOffset at,
        CancellationToken cancellationToken) =>
        await ChangeElectronicAsync(db, id,
            "UPDATE hub.seals SET uploaded_appearance = $2::bytea, version = version + 1 WHERE id = $1", [png is null ? DBNull.Value : png], actorId, at,
            new { act = png is null ? "appearance-cleared" : "appearance-uploaded", sha256 = png is null ? null : Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(png)) },
            cancellationToken);

    private static async Task<SealOutcome<Seal>> ChangeElectronicAsync(NpgsqlDataSource db, Guid id, string update, object[] values, Guid? actorId,
        DateTimeOffset at, object details, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await ReadOneAsync(new NpgsqlCommand(Select + " WHERE s.id = $1 FOR UPDATE OF s", connection, transaction) { Parameters = { new() { Value = id } } },
            cancellationToken);
        if (current is null)
        {
            return SealRefusal.SealNotFound(id);
        }

        if (current.Medium != SealMedium.Electronic || current.Status == SealStatus.Revoked)
        {
            return new SealRefusal(SealRefusalKind.Conflict, current.Status == SealStatus.Revoked ? "seal-revoked" : "seal-physical",
                $"{current.Name} is {(current.Status == SealStatus.Revoked ? "revoked" : "a physical seal")}; it takes no certificate or appearance.");
        }

        await using (var command = new NpgsqlCommand(update, connection, transaction))
        {
            command.Parameters.AddWithValue(id);
            foreach (var value in values)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await SealEvidence.AppendAsync(connection, transaction, EvidenceKinds.SealStatus, current.OrganisationPath, actorId, SealEvidence.SealSubject(id),
            details, at, cancellationToken);
        var seal = (await ReadOneAsync(new NpgsqlCommand(Select + " WHERE s.id = $1", connection, transaction) { Parameters = { new() { Value = id } } },
            cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        return seal;
    }

    /// <summary>What a seal's certificate and appearance name: the holder's registered name, USCC and legal representative,
    /// and for a personal seal the person's display name; null when the seal does not exist.</summary>
    public static async Task<SealHolder?> HolderAsync(NpgsqlDataSource db, Guid sealId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            SELECT o.name, o.credit_code, o.legal_representative, u.display_name
            FROM hub.seals s JOIN hub.organisations o ON o.id = s.organisation_id LEFT JOIN hub.users u ON u.id = s.person_id
            WHERE s.id = $1
            """);
        command.Parameters.AddWithValue(sealId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new SealHolder(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3))
            : null;
    }

    /// <summary>The legal entities (the group and its subsidiaries) of the group named <paramref name="groupName"/>, group first.</summary>
    public static async Task<List<LegalEntity>> LegalEntitiesAsync(NpgsqlDataSource db, string groupName, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            SELECT o.id, o.path, o.name, o.kind, o.credit_code, o.legal_representative
            FROM hub.organisations g JOIN hub.organisations o ON o.path LIKE g.path || '%'
            WHERE g.kind = 'Group' AND g.name = $1 AND o.kind IN ('Group', 'Subsidiary')
            ORDER BY length(o.path), o.path
            """);
        command.Parameters.AddWithValue(groupName);
        var entities = new List<LegalEntity>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entities.Add(new LegalEntity(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3) == "Group",
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return entities;
    }

    /// <summary>The paths of organisations whose id or exact name is <paramref name="idOrName"/> (a name may be shared by departments).</summary>
    public static async Task<List<string>> OrganisationPathsAsync(NpgsqlDataSource db, string idOrName, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT path FROM hub.organisations WHERE id::text = lower($1) OR name = $1 ORDER BY path");
        command.Parameters.AddWithValue(idOrName.Trim());
        var paths = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            paths.Add(reader.GetString(0));
        }

        return paths;
    }

    /// <summary>Whether <paramref name="userId"/> is a user whose home is at or below <paramref name="subtreePath"/>.</summary>
    public static async Task<bool> UserInSubtreeAsync(NpgsqlDataSource db, Guid userId, string subtreePath, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            SELECT EXISTS (SELECT 1 FROM hub.users u JOIN hub.organisations o ON o.id = u.organisation_id WHERE u.id = $1 AND o.path LIKE $2 || '%')
            """);
        command.Parameters.AddWithValue(userId);
        command.Parameters.AddWithValue(subtreePath);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    private static string Verb(SealStatus target) => target switch
    {
        SealStatus.Frozen => "frozen",
        SealStatus.Active => "thawed",
        _ => "revoked",
    };

    private static async Task<Seal?> ReadOneAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
        }
    }

    private static Seal Read(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetGuid(0),
        OrganisationId = reader.GetGuid(1),
        OrganisationPath = reader.GetString(2),
        OrganisationName = reader.GetString(3),
        Type = Enum.Parse<SealType>(reader.GetString(4)),
        Medium = Enum.Parse<SealMedium>(reader.GetString(5)),
        Name = reader.GetString(6),
        Status = Enum.Parse<SealStatus>(reader.GetString(7)),
        StatusReason = reader.IsDBNull(8) ? null : reader.GetString(8),
        CertificateSerial = reader.IsDBNull(9) ? null : reader.GetString(9),
        KeyId = reader.IsDBNull(10) ? null : reader.GetString(10),
        UploadedAppearance = reader.IsDBNull(11) ? null : reader.GetFieldValue<byte[]>(11),
        PersonId = reader.IsDBNull(12) ? null : reader.GetGuid(12),
        DeviceId = reader.IsDBNull(13) ? null : reader.GetString(13),
        Location = reader.IsDBNull(14) ? null : reader.GetString(14),
        RegisteredAt = reader.GetFieldValue<DateTimeOffset>(15),
        Custodians = reader.GetFieldValue<Guid[]>(16),
        FrozenByPath = reader.IsDBNull(17) ? null : reader.GetString(17),
    };
}
