using System.Security.Cryptography;
using Hub.Activities.Documents.Records;
using Npgsql;

namespace Hub.Server.Documents;

/// <summary>
/// The node's <see cref="IDocumentRecords"/>: <c>hub.document_records</c> (migration 0010) beside the encrypted
/// <c>hub.documents</c>. A document and its record are inserted in one transaction, so the Hub never holds a document
/// without knowing whose it is; the search the API and CLI use is here too (<see cref="SearchAsync"/>).
/// </summary>
internal sealed class DocumentRecordStore(NpgsqlDataSource dataSource, DocumentCipher cipher) : IDocumentRecords
{
    /// <summary>The record's columns in the order <see cref="Read"/> takes them.</summary>
    internal const string Columns = """
        document_id, organisation_id, organisation_path, category, counterparty, title, file_name, kind, instance_id, node_id,
        derived_from, created_at, archived_at
        """;

    /// <summary>Inserts a record unless one of the same document is there ($1 … $12 in <see cref="Columns"/> order, without archived_at).</summary>
    internal const string InsertRecord = """
        INSERT INTO hub.document_records (document_id, organisation_id, organisation_path, category, counterparty, title, file_name, kind,
            instance_id, node_id, derived_from, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
        ON CONFLICT (document_id) DO NOTHING
        """;

    internal const string SelectRecord = $"SELECT {Columns} FROM hub.document_records WHERE document_id = $1";

    internal const string MarkArchived = "UPDATE hub.document_records SET archived_at = $2 WHERE document_id = $1 AND archived_at IS NULL";

    /// <summary>
    /// One page of records under any of the subtrees $1 (paths), filtered: organisation subtree $2, category $3,
    /// counterparty $4 (contains), status $5, created from $6 and before $7, title containing $8; newest first, $9 rows
    /// from $10. Null filters match everything. The last column counts every match.
    /// </summary>
    internal const string Search = $"""
        SELECT {Columns}, count(*) OVER ()
        FROM hub.document_records
        WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) AS root WHERE starts_with(organisation_path, root))
          AND ($2::text IS NULL OR starts_with(organisation_path, $2::text))
          AND ($3::text IS NULL OR category = $3::text)
          AND ($4::text IS NULL OR strpos(lower(counterparty), lower($4::text)) > 0)
          AND ($5::text IS NULL OR ($5::text = 'archived' AND archived_at IS NOT NULL) OR (archived_at IS NULL AND kind = $5::text))
          AND ($6::timestamptz IS NULL OR created_at >= $6::timestamptz)
          AND ($7::timestamptz IS NULL OR created_at < $7::timestamptz)
          AND ($8::text IS NULL OR strpos(lower(title), lower($8::text)) > 0)
        ORDER BY created_at DESC, document_id
        LIMIT $9 OFFSET $10
        """;

    /// <summary>The documents an instance made, oldest first.</summary>
    public async Task<IReadOnlyList<DocumentRecord>> OfInstanceAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM hub.document_records WHERE instance_id = $1 ORDER BY created_at, document_id");
        command.Parameters.AddWithValue(instanceId);
        var records = new List<DocumentRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(Read(reader));
        }

        return records;
    }

    public async Task<DocumentRecord?> FindAsync(string documentId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectRecord);
        command.Parameters.AddWithValue(documentId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<DocumentRecord> KeepAsync(DocumentRecord record, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var stored = await KeepAsync(connection, transaction, record, content, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    /// <summary>
    /// <see cref="KeepAsync(DocumentRecord, ReadOnlyMemory{byte}, CancellationToken)"/> inside the caller's transaction,
    /// which commits it: the seal keeps its sealed PDF in the commit that consumes the grant and writes the ledger row.
    /// </summary>
    internal async Task<DocumentRecord> KeepAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DocumentRecord record,
        ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var actual = Convert.ToHexStringLower(SHA256.HashData(content.Span));
        if (actual != record.DocumentId)
        {
            throw new ArgumentException($"The content's SHA-256 is {actual}, not the record's document id {record.DocumentId}.", nameof(record));
        }

        await using (var document = new NpgsqlCommand(HubDocumentWorkspace.InsertDocument, connection, transaction))
        {
            HubDocumentWorkspace.Bind(document.Parameters, record.DocumentId, cipher.Encrypt(record.DocumentId, content.Span));
            await document.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var insert = new NpgsqlCommand(InsertRecord, connection, transaction))
        {
            var p = insert.Parameters;
            p.AddWithValue(record.DocumentId);
            p.AddWithValue(record.OrganisationId);
            p.AddWithValue(record.OrganisationPath);
            p.AddWithValue((object?)record.Category ?? DBNull.Value);
            p.AddWithValue((object?)record.Counterparty ?? DBNull.Value);
            p.AddWithValue((object?)record.Title ?? DBNull.Value);
            p.AddWithValue(record.FileName);
            p.AddWithValue(DocumentRecord.KindText(record.Kind));
            p.AddWithValue(record.InstanceId.HasValue ? record.InstanceId.Value : DBNull.Value);
            p.AddWithValue((object?)record.NodeId ?? DBNull.Value);
            p.AddWithValue((object?)record.DerivedFrom ?? DBNull.Value);
            p.AddWithValue(record.CreatedAt);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        // The record as it stands: this one, or the first maker's when these bytes were recorded before.
        DocumentRecord stored;
        await using (var select = new NpgsqlCommand(SelectRecord, connection, transaction))
        {
            select.Parameters.AddWithValue(record.DocumentId);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            stored = Read(reader);
        }

        return stored;
    }

    public async Task MarkArchivedAsync(string documentId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(MarkArchived);
        command.Parameters.AddWithValue(documentId);
        command.Parameters.AddWithValue(at);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>One page of the records <paramref name="query"/> selects within <paramref name="roots"/>, and the total.</summary>
    public async Task<(IReadOnlyList<DocumentRecord> Records, long Total)> SearchAsync(IReadOnlyCollection<string> roots, DocumentQuery query,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var command = dataSource.CreateCommand(Search);
        var p = command.Parameters;
        p.AddWithValue(roots.ToArray());
        p.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)query.OrganisationPath ?? DBNull.Value);
        p.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)query.Category ?? DBNull.Value);
        p.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)query.Counterparty ?? DBNull.Value);
        p.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)query.Status ?? DBNull.Value);
        p.AddWithValue(NpgsqlTypes.NpgsqlDbType.TimestampTz, query.From.HasValue ? query.From.Value : DBNull.Value);
        p.AddWithValue(NpgsqlTypes.NpgsqlDbType.TimestampTz, query.Before.HasValue ? query.Before.Value : DBNull.Value);
        p.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)query.TitleContains ?? DBNull.Value);
        p.AddWithValue(query.PageSize);
        p.AddWithValue((long)(query.Page - 1) * query.PageSize);
        var found = new List<DocumentRecord>();
        long total = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(Read(reader));
            total = reader.GetInt64(13);
        }

        return (found, total);
    }

    private static DocumentRecord Read(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetGuid(1), reader.GetString(2), Nullable(reader, 3), Nullable(reader, 4), Nullable(reader, 5),
        reader.GetString(6), DocumentRecord.ParseKind(reader.GetString(7)), reader.IsDBNull(8) ? null : reader.GetGuid(8), Nullable(reader, 9),
        Nullable(reader, 10), reader.GetFieldValue<DateTimeOffset>(11), reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12));

    private static string? Nullable(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
