using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Hub.Server.Documents;

/// <summary>
/// Managed templates in <c>hub.document_templates</c> (migration 0010): every accepted upload of a name is its next
/// version, never changed afterwards. Versions of one name are numbered under an advisory lock on the name, so two
/// nodes uploading (or seeding) at once get two versions, not one error.
/// </summary>
internal sealed class TemplateStore(NpgsqlDataSource dataSource)
{
    internal const string Columns = "name, version, owner_organisation_id, owner_path, fingerprint, length(docx), uploaded_by, created_at";

    internal const string SelectVersions = $"SELECT {Columns} FROM hub.document_templates WHERE name = $1 ORDER BY version DESC";

    internal const string SelectLatestOfEach = $"SELECT DISTINCT ON (name) {Columns} FROM hub.document_templates ORDER BY name, version DESC";

    internal const string SelectContent = "SELECT docx, input_schema, sample_data FROM hub.document_templates WHERE name = $1 AND version = $2";

    internal const string LockName = "SELECT pg_advisory_xact_lock(hashtextextended('hub.document_templates/' || $1, 0))";

    internal const string HasFingerprint = "SELECT EXISTS (SELECT 1 FROM hub.document_templates WHERE name = $1 AND fingerprint = $2)";

    internal const string InsertVersion = $"""
        INSERT INTO hub.document_templates (name, version, owner_organisation_id, owner_path, docx, input_schema, sample_data, fingerprint,
            uploaded_by, created_at)
        SELECT $1::varchar, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9 FROM hub.document_templates WHERE name = $1::varchar
        RETURNING {Columns}
        """;

    /// <summary>Every version of <paramref name="name"/>, newest first (empty when there is no such template).</summary>
    public async Task<IReadOnlyList<StoredTemplate>> VersionsAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectVersions);
        command.Parameters.AddWithValue(name);
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>The latest version of every template.</summary>
    public async Task<IReadOnlyList<StoredTemplate>> LatestOfEachAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectLatestOfEach);
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>Whether this very content (docx, schema and sample) is a version of the upload's name already.</summary>
    public async Task<bool> HoldsAsync(TemplateUpload upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        await using var command = dataSource.CreateCommand(HasFingerprint);
        command.Parameters.AddWithValue(upload.Name);
        command.Parameters.AddWithValue(Fingerprint(upload));
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The bytes of <paramref name="name"/> version <paramref name="version"/>, or null.</summary>
    public async Task<TemplateContent?> ContentAsync(string name, int version, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectContent);
        command.Parameters.AddWithValue(name);
        command.Parameters.AddWithValue(version);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new TemplateContent(reader.GetFieldValue<byte[]>(0), reader.GetString(1), reader.GetString(2))
            : null;
    }

    /// <summary>
    /// Stores <paramref name="upload"/> as the name's next version.
    /// </summary>
    /// <exception cref="TemplateOwnerConflictException">The name belongs to another owner.</exception>
    public async Task<StoredTemplate> AddVersionAsync(TemplateUpload upload, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var latest = await LockedLatestAsync(connection, transaction, upload.Name, cancellationToken);
        if (latest is not null && latest.OwnerOrganisationId != upload.OwnerOrganisationId)
        {
            throw new TemplateOwnerConflictException(
                $"Template '{upload.Name}' is owned by {(latest.OwnerPath is null ? "the platform" : "organisation " + latest.OwnerOrganisationId)}; a new version keeps the owner of the first.");
        }

        var stored = await InsertAsync(connection, transaction, upload, at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    /// <summary>
    /// Stores a shipped template as a platform template unless this very content (docx, schema and sample) is a version
    /// of the name already, or the name belongs to an organisation; returns the new version, or null when nothing changed.
    /// </summary>
    public async Task<StoredTemplate?> SeedAsync(TemplateUpload upload, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var latest = await LockedLatestAsync(connection, transaction, upload.Name, cancellationToken);
        if (latest is { OwnerOrganisationId: not null })
        {
            return null;
        }

        await using (var seen = new NpgsqlCommand(HasFingerprint, connection, transaction))
        {
            seen.Parameters.AddWithValue(upload.Name);
            seen.Parameters.AddWithValue(Fingerprint(upload));
            if ((bool)(await seen.ExecuteScalarAsync(cancellationToken))!)
            {
                return null;
            }
        }

        var stored = await InsertAsync(connection, transaction, upload, at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    /// <summary>SHA-256 over the .docx, the schema and the sample, each length-prefixed so no two splits collide.</summary>
    public static string Fingerprint(TemplateUpload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in new[] { upload.Docx, Encoding.UTF8.GetBytes(upload.InputSchema), Encoding.UTF8.GetBytes(upload.SampleData) })
        {
            hash.AppendData(BitConverter.GetBytes((long)part.Length));
            hash.AppendData(part);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static async Task<StoredTemplate?> LockedLatestAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name,
        CancellationToken cancellationToken)
    {
        await using (var lockName = new NpgsqlCommand(LockName, connection, transaction))
        {
            lockName.Parameters.AddWithValue(name);
            await lockName.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var latest = new NpgsqlCommand(SelectVersions + " LIMIT 1", connection, transaction);
        latest.Parameters.AddWithValue(name);
        return (await ReadAllAsync(latest, cancellationToken)).FirstOrDefault();
    }

    private static async Task<StoredTemplate> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TemplateUpload upload,
        DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(InsertVersion, connection, transaction);
        var p = insert.Parameters;
        p.AddWithValue(upload.Name);
        p.AddWithValue(NpgsqlTypes.NpgsqlDbType.Uuid, upload.OwnerOrganisationId.HasValue ? upload.OwnerOrganisationId.Value : DBNull.Value);
        p.AddWithValue(NpgsqlTypes.NpgsqlDbType.Varchar, (object?)upload.OwnerPath ?? DBNull.Value);
        p.AddWithValue(upload.Docx);
        p.AddWithValue(upload.InputSchema);
        p.AddWithValue(upload.SampleData);
        p.AddWithValue(Fingerprint(upload));
        p.AddWithValue(upload.UploadedBy);
        p.AddWithValue(at);
        return (await ReadAllAsync(insert, cancellationToken))[0];
    }

    private static async Task<IReadOnlyList<StoredTemplate>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var found = new List<StoredTemplate>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new StoredTemplate(reader.GetString(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetGuid(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4), reader.GetInt32(5), reader.GetString(6),
                reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return found;
    }
}
