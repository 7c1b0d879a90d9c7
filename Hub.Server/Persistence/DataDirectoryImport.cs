using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Hub.Activities.Archive;
using Hub.Server.Archive;
using Hub.Server.Documents;
using Hub.Server.Trust;
using Hub.Trust.Keys;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hub.Server.Persistence;

/// <summary>
/// Moves what earlier Hubs kept as files in the data directory (see <see cref="DataDirectoryFiles"/>) into the
/// database at start-up, so the node needs only the database and the master key: key records as they are (already
/// wrapped), documents encrypted by <see cref="DocumentCipher"/>, archive manifests and segments as they are (already
/// encrypted), audit events one row each. One transaction under an advisory lock; afterwards each file is renamed
/// <c>*.imported</c>. A file that does not hold what its name says, or that disagrees with the database, stops the
/// start with one line naming it, and nothing is imported.
/// </summary>
internal sealed class DataDirectoryImport(NpgsqlDataSource dataSource, DocumentCipher cipher, ILogger<DataDirectoryImport> logger)
{
    // Arbitrary, fixed: "HUBDATAI" in ASCII. Nodes starting together on one data directory import once.
    private const long AdvisoryLockKey = 0x4855_4244_4154_4149;

    /// <summary>Imports whatever files are pending; does nothing when there are none.</summary>
    /// <exception cref="InvalidOperationException">A file is malformed or conflicts with the database; nothing was imported.</exception>
    public async Task ImportAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var data = Path.GetFullPath(dataDirectory);
        if (!DataDirectoryFiles.MayHoldAny(data))
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock($1)", p => p.AddWithValue(AdvisoryLockKey), cancellationToken);

        // Listed under the lock: a node that waited finds the files the first one imported renamed already.
        var files = DataDirectoryFiles.Find(data);
        if (files.Count == 0)
        {
            return;
        }

        foreach (var (path, keyId) in files.Keys)
        {
            await ImportKeyAsync(connection, transaction, path, keyId, cancellationToken);
        }

        foreach (var (path, documentId) in files.Documents)
        {
            var content = await File.ReadAllBytesAsync(path, cancellationToken);
            var actual = Convert.ToHexStringLower(SHA256.HashData(content));
            if (actual != documentId)
            {
                throw Refused($"Document file '{path}' does not hold document {documentId} (its SHA-256 is {actual})");
            }

            // The id is the content's hash: a row already there holds the same document.
            await ExecuteAsync(connection, transaction, HubDocumentWorkspace.InsertDocument,
                p => HubDocumentWorkspace.Bind(p, documentId, cipher.Encrypt(documentId, content)), cancellationToken);
            CryptographicOperations.ZeroMemory(content);
        }

        foreach (var (path, documentId, index) in files.Segments)
        {
            await ImportOpaqueAsync(connection, transaction, path, DatabaseArchiveStore.InsertSegmentIfAbsent, DatabaseArchiveStore.SelectSegment,
                p => { p.AddWithValue(documentId); p.AddWithValue(index); }, "Archive segment", cancellationToken);
        }

        foreach (var (path, documentId) in files.Manifests)
        {
            await ImportOpaqueAsync(connection, transaction, path, DatabaseArchiveStore.InsertManifestIfAbsent, DatabaseArchiveStore.SelectManifest,
                p => p.AddWithValue(documentId), "Archive manifest", cancellationToken, requireJson: true);
        }

        var events = files.AuditFile is null ? 0 : await ImportAuditAsync(connection, transaction, files.AuditFile, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var path in files.All())
        {
            MarkImported(path);
        }

        Log.DataDirectoryImported(logger, data, files.Keys.Count, files.Documents.Count, files.Manifests.Count, events);
    }

    private static async Task ImportKeyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string path, string keyId,
        CancellationToken cancellationToken)
    {
        var record = await File.ReadAllBytesAsync(path, cancellationToken);
        try
        {
            SoftwareKeyStore.CheckRecord(keyId, record);
        }
        catch (KeyStoreException e)
        {
            throw Refused($"Key file '{path}' is not valid: {e.Message.TrimEnd('.')}");
        }

        if (await ExecuteAsync(connection, transaction, DatabaseKeyRecords.InsertRecord, p => { p.AddWithValue(keyId); p.AddWithValue(record); },
                cancellationToken) == 0
            && !await SameAsync(connection, transaction, DatabaseKeyRecords.SelectRecord, p => p.AddWithValue(keyId), record, cancellationToken))
        {
            throw Refused($"Key file '{path}' holds another key '{keyId}' than the database");
        }
    }

    /// <summary>Inserts bytes the archive encrypted already; a row already there must hold the same bytes.</summary>
    private static async Task ImportOpaqueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string path, string insert, string select,
        Action<NpgsqlParameterCollection> bindKey, string what, CancellationToken cancellationToken, bool requireJson = false)
    {
        var content = await File.ReadAllBytesAsync(path, cancellationToken);
        if (requireJson && !IsJson(content))
        {
            throw Refused($"{what} file '{path}' is not JSON");
        }

        if (await ExecuteAsync(connection, transaction, insert, p => { bindKey(p); p.AddWithValue(content); }, cancellationToken) == 0
            && !await SameAsync(connection, transaction, select, bindKey, content, cancellationToken))
        {
            throw Refused($"{what} file '{path}' differs from the database's");
        }
    }

    private static async Task<int> ImportAuditAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string path, CancellationToken cancellationToken)
    {
        var lineNumber = 0;
        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var auditEvent = ParseAuditLine(line) ?? throw Refused($"Archive audit file '{path}' line {lineNumber} is not an archive audit event");
            // Skips an event imported already (a start that stopped between committing and renaming the file).
            await ExecuteAsync(connection, transaction, DatabaseArchiveAuditSink.InsertEventIfAbsent,
                p => DatabaseArchiveAuditSink.Bind(p, auditEvent), cancellationToken);
        }

        return lineNumber;
    }

    /// <summary>One line as earlier Hubs' audit file holds it: {"at", "action", "documentId", "callerPath", "detail"}.</summary>
    private static ArchiveAuditEvent? ParseAuditLine(string line)
    {
        try
        {
            var root = JsonDocument.Parse(line).RootElement;
            return root.ValueKind == JsonValueKind.Object
                   && root.TryGetProperty("at", out var at) && at.ValueKind == JsonValueKind.String
                   && DateTimeOffset.TryParse(at.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var when)
                   && Text(root, "action") is { } action && Enum.TryParse<ArchiveAuditAction>(action, ignoreCase: false, out var parsed)
                   && Enum.IsDefined(parsed) && !action.Any(char.IsDigit)
                   && Text(root, "documentId") is { } documentId && Text(root, "callerPath") is { } callerPath && Text(root, "detail") is { } detail
                ? new ArchiveAuditEvent(when, parsed, documentId, callerPath, detail)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool IsJson(byte[] content)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static async Task<bool> SameAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string select,
        Action<NpgsqlParameterCollection> bindKey, byte[] expected, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(select, connection, transaction);
        bindKey(command.Parameters);
        return await command.ExecuteScalarAsync(cancellationToken) is byte[] stored && stored.AsSpan().SequenceEqual(expected);
    }

    private static void MarkImported(string path)
    {
        try
        {
            File.Move(path, path + DataDirectoryFiles.ImportedSuffix, overwrite: true);
        }
        catch (FileNotFoundException)
        {
            // Another node starting on the same data directory renamed it first.
        }
    }

    private static InvalidOperationException Refused(string problem) => new($"{problem}; nothing was imported.");

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql,
        Action<NpgsqlParameterCollection> bind, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        bind(command.Parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
