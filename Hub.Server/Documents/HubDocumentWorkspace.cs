using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Hub.Activities.Documents.Activities;
using Hub.Activities.Documents.Templates;

namespace Hub.Server.Documents;

/// <summary>
/// The node's <see cref="IDocumentWorkspace"/>: published templates by name from <see cref="DocumentOptions.Templates"/>,
/// and the documents of running instances under <c>documents/</c> in the data directory, one file per SHA-256
/// (<c>ab/abcd…</c>), mode 0600 in 0700 folders, written to a temporary file, flushed and renamed, so a reader never
/// sees half a document. Reads check the hash, so a file changed on disk is never passed on as the document.
/// </summary>
internal sealed partial class HubDocumentWorkspace(DocumentOptions options, string dataDirectory) : IDocumentWorkspace
{
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly string root = Path.Combine(Path.GetFullPath(dataDirectory), "documents");

    public async Task<DocumentTemplate> GetTemplateAsync(string name, CancellationToken cancellationToken)
    {
        // The name reaches the file system, so it is a plain name, never a path.
        var file = Path.Combine(options.Templates, name + ".docx");
        if (!TemplateName().IsMatch(name) || !File.Exists(file))
        {
            throw new KeyNotFoundException($"No published template '{name}' in {options.Templates}.");
        }

        return DocumentTemplate.Load(await File.ReadAllBytesAsync(file, cancellationToken));
    }

    public async Task PutAsync(string documentId, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var path = PathOf(documentId);
        var actual = Convert.ToHexStringLower(SHA256.HashData(content.Span));
        if (actual != documentId)
        {
            throw new ArgumentException($"The content's SHA-256 is {actual}, not the document id {documentId}.", nameof(documentId));
        }

        if (File.Exists(path))
        {
            return;
        }

        Directory.CreateDirectory(root, FolderMode);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!, FolderMode);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            await using (var stream = new FileStream(temporary, new FileStreamOptions
                         {
                             Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode,
                         }))
            {
                await stream.WriteAsync(content, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public async Task<byte[]> GetAsync(string documentId, CancellationToken cancellationToken)
    {
        var path = PathOf(documentId);
        if (!File.Exists(path))
        {
            throw new KeyNotFoundException($"No document {documentId} in the workspace.");
        }

        var content = await File.ReadAllBytesAsync(path, cancellationToken);
        var actual = Convert.ToHexStringLower(SHA256.HashData(content));
        return actual == documentId
            ? content
            : throw new InvalidDataException($"The workspace file of document {documentId} was changed on disk (its SHA-256 is now {actual}).");
    }

    private string PathOf(string documentId) =>
        DocumentId().IsMatch(documentId)
            ? Path.Combine(root, documentId[..2], documentId)
            : throw new KeyNotFoundException($"'{documentId}' is not a document id (64 lowercase hex digits of a SHA-256).");

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex TemplateName();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex DocumentId();
}
