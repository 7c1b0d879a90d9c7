using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Hub.Activities.Documents.Activities;
using Hub.Activities.Documents.Templates;
using Npgsql;

namespace Hub.Server.Documents;

/// <summary>
/// The node's <see cref="IDocumentWorkspace"/>: managed templates by name and version from <see cref="TemplateStore"/>
/// (a version never changes, so each is loaded once per node), and the documents of running instances in <c>hub.documents</c> (migration 0008), one row per SHA-256, encrypted by
/// <see cref="DocumentCipher"/>, so every node on the database reads what another generated and no plaintext copy is
/// kept on disk. Reads check the hash after decrypting, so a row never passes on as another document.
/// </summary>
internal sealed partial class HubDocumentWorkspace(TemplateStore templates, NpgsqlDataSource dataSource, DocumentCipher cipher) : IDocumentWorkspace
{
    private readonly ConcurrentDictionary<(string Name, int Version), DocumentTemplate> loaded = new();

    /// <summary>Stores a document unless its id is there already ($1 id, $2 key id, $3 nonce, $4 ciphertext, $5 tag).</summary>
    internal const string InsertDocument = """
        INSERT INTO hub.documents (document_id, key_id, nonce, ciphertext, tag) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (document_id) DO NOTHING
        """;

    public async Task<DocumentTemplate> GetTemplateAsync(string reference, string organisationPath, CancellationToken cancellationToken)
    {
        var match = TemplateReference().Match(reference);
        if (!match.Success)
        {
            throw new KeyNotFoundException($"No published template '{reference}': give a name, or name@version.");
        }

        // Nine digits at most (the pattern), so the version always parses; 0 asks for the latest.
        var wanted = match.Groups["version"].Success ? int.Parse(match.Groups["version"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

        var name = match.Groups["name"].Value;
        var usable = (await templates.VersionsAsync(name, cancellationToken)).Where(t => t.UsableBy(organisationPath)).ToList();
        var chosen = (wanted == 0 ? usable.FirstOrDefault() : usable.FirstOrDefault(t => t.Version == wanted))
            ?? throw new KeyNotFoundException($"No published template '{reference}' that organisation {organisationPath} may use.");
        if (loaded.TryGetValue((chosen.Name, chosen.Version), out var template))
        {
            return template;
        }

        var content = await templates.ContentAsync(chosen.Name, chosen.Version, cancellationToken)
            ?? throw new KeyNotFoundException($"Template '{chosen.Name}' version {chosen.Version} vanished.");
        return loaded.GetOrAdd((chosen.Name, chosen.Version), DocumentTemplate.Load(content.Docx));
    }

    public async Task PutAsync(string documentId, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        CheckId(documentId);
        var actual = Convert.ToHexStringLower(SHA256.HashData(content.Span));
        if (actual != documentId)
        {
            throw new ArgumentException($"The content's SHA-256 is {actual}, not the document id {documentId}.", nameof(documentId));
        }

        // The id is the content's hash, so a row already there holds these very bytes.
        await using var command = dataSource.CreateCommand(InsertDocument);
        Bind(command.Parameters, documentId, cipher.Encrypt(documentId, content.Span));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<byte[]> GetAsync(string documentId, CancellationToken cancellationToken)
    {
        CheckId(documentId);
        await using var command = dataSource.CreateCommand("SELECT key_id, nonce, ciphertext, tag FROM hub.documents WHERE document_id = $1");
        command.Parameters.AddWithValue(documentId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new KeyNotFoundException($"No document {documentId} in the workspace.");
        }

        var content = cipher.Decrypt(documentId, new EncryptedDocument(
            reader.GetString(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<byte[]>(2), reader.GetFieldValue<byte[]>(3)));
        var actual = Convert.ToHexStringLower(SHA256.HashData(content));
        return actual == documentId
            ? content
            : throw new InvalidDataException($"The stored document {documentId} does not hold that document (its SHA-256 is {actual}).");
    }

    /// <summary>Binds an encrypted document to <see cref="InsertDocument"/>'s parameters.</summary>
    internal static void Bind(NpgsqlParameterCollection parameters, string documentId, EncryptedDocument encrypted)
    {
        parameters.AddWithValue(documentId);
        parameters.AddWithValue(encrypted.KeyId);
        parameters.AddWithValue(encrypted.Nonce);
        parameters.AddWithValue(encrypted.Ciphertext);
        parameters.AddWithValue(encrypted.Tag);
    }

    /// <summary>Whether <paramref name="documentId"/> is 64 lowercase hex digits.</summary>
    internal static bool IsDocumentId(string documentId) => DocumentId().IsMatch(documentId);

    private static void CheckId(string documentId)
    {
        if (!IsDocumentId(documentId))
        {
            throw new KeyNotFoundException($"'{documentId}' is not a document id (64 lowercase hex digits of a SHA-256).");
        }
    }

    [GeneratedRegex("^(?<name>[a-z0-9][a-z0-9-]{0,63})(@(?<version>[1-9][0-9]{0,8}))?$")]
    private static partial Regex TemplateReference();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex DocumentId();
}
