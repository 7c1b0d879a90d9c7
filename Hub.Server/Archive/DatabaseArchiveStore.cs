using System.Runtime.CompilerServices;
using Hub.Activities.Archive;
using Npgsql;

namespace Hub.Server.Archive;

/// <summary>
/// The archive's manifests and segments in <c>hub.archive_manifests</c> and <c>hub.archive_segments</c> (migration
/// 0008), shared by every node on the database. Each write is one statement, so a reader never sees half an item;
/// the bytes are opaque here (encrypted and authenticated by <see cref="DocumentArchive"/>).
/// </summary>
internal sealed class DatabaseArchiveStore(NpgsqlDataSource dataSource) : IArchiveStore
{
    /// <summary>Writes a segment ($1 document id, $2 index, $3 bytes), replacing an earlier one.</summary>
    internal const string UpsertSegment = """
        INSERT INTO hub.archive_segments (document_id, segment_index, content) VALUES ($1, $2, $3)
        ON CONFLICT (document_id, segment_index) DO UPDATE SET content = EXCLUDED.content
        """;

    /// <summary>Writes a manifest ($1 document id, $2 bytes), replacing an earlier one.</summary>
    internal const string UpsertManifest = """
        INSERT INTO hub.archive_manifests (document_id, manifest) VALUES ($1, $2)
        ON CONFLICT (document_id) DO UPDATE SET manifest = EXCLUDED.manifest
        """;

    /// <summary>The import's insert of a segment ($1 document id, $2 index, $3 bytes) unless one is there.</summary>
    internal const string InsertSegmentIfAbsent = """
        INSERT INTO hub.archive_segments (document_id, segment_index, content) VALUES ($1, $2, $3)
        ON CONFLICT (document_id, segment_index) DO NOTHING
        """;

    /// <summary>The import's insert of a manifest ($1 document id, $2 bytes) unless one is there.</summary>
    internal const string InsertManifestIfAbsent =
        "INSERT INTO hub.archive_manifests (document_id, manifest) VALUES ($1, $2) ON CONFLICT (document_id) DO NOTHING";

    /// <summary>A manifest ($1 document id).</summary>
    internal const string SelectManifest = "SELECT manifest FROM hub.archive_manifests WHERE document_id = $1";

    /// <summary>A segment ($1 document id, $2 index).</summary>
    internal const string SelectSegment = "SELECT content FROM hub.archive_segments WHERE document_id = $1 AND segment_index = $2";

    public async Task WriteSegmentAsync(string documentId, int index, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        await using var command = dataSource.CreateCommand(UpsertSegment);
        command.Parameters.AddWithValue(DocumentId.Check(documentId));
        command.Parameters.AddWithValue(index);
        command.Parameters.AddWithValue(content);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<byte[]?> ReadSegmentAsync(string documentId, int index, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        await using var command = dataSource.CreateCommand(SelectSegment);
        command.Parameters.AddWithValue(DocumentId.Check(documentId));
        command.Parameters.AddWithValue(index);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    public async Task<IReadOnlyList<int>> ListSegmentsAsync(string documentId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT segment_index FROM hub.archive_segments WHERE document_id = $1 ORDER BY segment_index");
        command.Parameters.AddWithValue(DocumentId.Check(documentId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var indexes = new List<int>();
        while (await reader.ReadAsync(cancellationToken))
        {
            indexes.Add(reader.GetInt32(0));
        }

        return indexes;
    }

    public async Task WriteManifestAsync(string documentId, ReadOnlyMemory<byte> manifest, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(UpsertManifest);
        command.Parameters.AddWithValue(DocumentId.Check(documentId));
        command.Parameters.AddWithValue(manifest);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<byte[]?> ReadManifestAsync(string documentId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectManifest);
        command.Parameters.AddWithValue(DocumentId.Check(documentId));
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    public async IAsyncEnumerable<string> ListDocumentsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT document_id FROM hub.archive_manifests ORDER BY document_id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return reader.GetString(0);
        }
    }

    public async Task DeleteAsync(string documentId, CancellationToken cancellationToken)
    {
        // One transaction: the manifest and its segments go together, so no reader sees a manifest without segments.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("DELETE FROM hub.archive_manifests WHERE document_id = $1") { Parameters = { new() { Value = DocumentId.Check(documentId) } } },
                new NpgsqlBatchCommand("DELETE FROM hub.archive_segments WHERE document_id = $1") { Parameters = { new() { Value = documentId } } },
            },
        };
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
