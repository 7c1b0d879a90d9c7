using Hub.Workflows.Definitions;
using Npgsql;
using NpgsqlTypes;

namespace Hub.Server.Workflows.Stores;

/// <summary>
/// Every statement over <c>hub.workflow_definitions</c>: versions are inserted once (draft or published), move
/// draft → published → retired under a status check, and are read for the API, for starting an instance and for a
/// burst's snapshot.
/// </summary>
internal static class DefinitionStore
{
    private const string Columns = "d.id, d.definition_id, d.version, d.organisation_id, o.path, d.status, d.name, d.content_hash, d.created_at, d.published_at";

    /// <summary>A published version an instance may start on.</summary>
    public sealed record Startable(Guid RowId, string ContentHash, string Document, int Version);

    /// <summary>Definitions that apply to the organisation at <paramref name="organisationPath"/>: its own and those of the
    /// organisations above it, without documents.</summary>
    public static async Task<List<StoredDefinition>> ListApplyingToAsync(NpgsqlDataSource db, string organisationPath, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand($"""
            SELECT {Columns} FROM hub.workflow_definitions d JOIN hub.organisations o ON o.id = d.organisation_id
            WHERE $1 LIKE o.path || '%' ORDER BY d.definition_id, d.version
            """);
        command.Parameters.AddWithValue(organisationPath);
        return await ReadAsync(command, withDocument: false, cancellationToken);
    }

    /// <summary>One version with its document and its owner's path; null when there is none.</summary>
    public static async Task<StoredDefinition?> FindAsync(NpgsqlDataSource db, Guid id, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand($"""
            SELECT {Columns}, d.document FROM hub.workflow_definitions d JOIN hub.organisations o ON o.id = d.organisation_id WHERE d.id = $1
            """);
        command.Parameters.AddWithValue(id);
        return (await ReadAsync(command, withDocument: true, cancellationToken)).SingleOrDefault();
    }

    /// <summary>The version <paramref name="definitionId"/>@<paramref name="version"/> an organisation owns, without its
    /// document; null when there is none.</summary>
    public static async Task<StoredDefinition?> FindVersionAsync(NpgsqlDataSource db, Guid organisationId, string definitionId, int version,
        CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand($"""
            SELECT {Columns} FROM hub.workflow_definitions d JOIN hub.organisations o ON o.id = d.organisation_id
            WHERE d.organisation_id = $1 AND d.definition_id = $2 AND d.version = $3
            """);
        command.Parameters.AddWithValue(organisationId);
        command.Parameters.AddWithValue(definitionId);
        command.Parameters.AddWithValue(version);
        return (await ReadAsync(command, withDocument: false, cancellationToken)).SingleOrDefault();
    }

    /// <summary>Whether the organisation has any version of <paramref name="definitionId"/>.</summary>
    public static async Task<bool> AnyVersionAsync(NpgsqlDataSource db, Guid organisationId, string definitionId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT EXISTS (SELECT 1 FROM hub.workflow_definitions WHERE organisation_id = $1 AND definition_id = $2)");
        command.Parameters.AddWithValue(organisationId);
        command.Parameters.AddWithValue(definitionId);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Stores <paramref name="version"/> (a draft, or published with its hash) for an organisation, in canonical
    /// JSON; null when the organisation already has that definition version.</summary>
    public static async Task<StoredDefinition?> InsertAsync(NpgsqlDataSource db, DefinitionVersion version, Guid organisationId,
        string organisationPath, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var definition = version.Definition;
        DateTimeOffset? publishedAt = version.Status == DefinitionStatus.Draft ? null : at;
        var row = new StoredDefinition(Guid.NewGuid(), definition.Id, definition.Version, organisationId, organisationPath, version.Status,
            definition.Name, version.ContentHash, at, publishedAt, WorkflowDefinitions.ToCanonicalJson(definition));
        await using var insert = db.CreateCommand("""
            INSERT INTO hub.workflow_definitions (id, definition_id, version, organisation_id, status, name, content_hash, document, created_at, published_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """);
        insert.Parameters.AddWithValue(row.Id);
        insert.Parameters.AddWithValue(row.DefinitionId);
        insert.Parameters.AddWithValue(row.Version);
        insert.Parameters.AddWithValue(organisationId);
        insert.Parameters.AddWithValue(StoredText.Of(row.Status));
        insert.Parameters.AddWithValue(row.Name);
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)row.ContentHash ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar });
        insert.Parameters.AddWithValue(row.Document!);
        insert.Parameters.AddWithValue(at);
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)publishedAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        try
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
            return row;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return null;
        }
    }

    /// <summary>Moves <paramref name="stored"/> to <paramref name="next"/> if no one moved it meanwhile; false when its
    /// status changed since it was read.</summary>
    public static async Task<bool> TransitionAsync(NpgsqlDataSource db, StoredDefinition stored, DefinitionVersion next, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        await using var update = db.CreateCommand(
            "UPDATE hub.workflow_definitions SET status = $2, content_hash = $3, published_at = coalesce(published_at, $4) WHERE id = $1 AND status = $5");
        update.Parameters.AddWithValue(stored.Id);
        update.Parameters.AddWithValue(StoredText.Of(next.Status));
        update.Parameters.AddWithValue(next.ContentHash ?? throw new ArgumentException("a transition ends published or retired", nameof(next)));
        update.Parameters.AddWithValue(at);
        update.Parameters.AddWithValue(StoredText.Of(stored.Status));
        return await update.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>In one round trip: the organisation's path (null when there is no such organisation) and the version an
    /// instance of <paramref name="definitionId"/> starts on there: the nearest owning organisation's latest published
    /// version, or <paramref name="version"/> when asked for (null when none applies).</summary>
    public static async Task<(string? OrganisationPath, Startable? Definition)> FindStartableAsync(NpgsqlDataSource db, Guid organisationId,
        string definitionId, int? version, CancellationToken cancellationToken)
    {
        await using var find = db.CreateCommand("""
            SELECT t.path, d.id, d.content_hash, d.document, d.version FROM hub.organisations t
            LEFT JOIN LATERAL (
                SELECT d.id, d.content_hash, d.document, d.version FROM hub.workflow_definitions d JOIN hub.organisations o ON o.id = d.organisation_id
                WHERE d.definition_id = $2 AND d.status = $4 AND t.path LIKE o.path || '%' AND ($3::int IS NULL OR d.version = $3)
                ORDER BY length(o.path) DESC, d.version DESC LIMIT 1) d ON true
            WHERE t.id = $1
            """);
        find.Parameters.AddWithValue(organisationId);
        find.Parameters.AddWithValue(definitionId);
        find.Parameters.Add(new NpgsqlParameter { Value = (object?)version ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        find.Parameters.AddWithValue(StoredText.Of(DefinitionStatus.Published));
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return (null, null);
        }

        return (reader.GetString(0), reader.IsDBNull(1) ? null
            : new Startable(reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4)));
    }

    /// <summary>The document published under <paramref name="contentHash"/>, for a burst's snapshot; null when none is stored.</summary>
    public static async Task<string?> DocumentAsync(WorkflowTransaction tx, string contentHash, CancellationToken cancellationToken)
    {
        await using var command = tx.Command("SELECT document FROM hub.workflow_definitions WHERE content_hash = $1 LIMIT 1", contentHash);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static async Task<List<StoredDefinition>> ReadAsync(NpgsqlCommand command, bool withDocument, CancellationToken cancellationToken)
    {
        var list = new List<StoredDefinition>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new StoredDefinition(reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.GetGuid(3), reader.GetString(4),
                StoredText.Parse<DefinitionStatus>(reader.GetString(5)), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.GetFieldValue<DateTimeOffset>(8), reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
                withDocument ? reader.GetString(10) : null));
        }

        return list;
    }
}
