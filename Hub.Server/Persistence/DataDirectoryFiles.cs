using System.Globalization;
using Hub.Server.Documents;

namespace Hub.Server.Persistence;

/// <summary>
/// The files earlier Hubs kept in a data directory and <see cref="DataDirectoryImport"/> moves into the database:
/// <c>keys/&lt;id&gt;.key</c>, <c>documents/ab/abcd…</c>, <c>archive/ab/abcd…/manifest.json</c> and
/// <c>…/000000.seg</c>, and <c>archive-audit.jsonl</c>. Files renamed <c>*.imported</c> are done with; any other file
/// in those folders is refused, since the Hub never wrote it there and nobody can say what it holds.
/// </summary>
internal sealed class DataDirectoryFiles
{
    public const string ImportedSuffix = ".imported";
    private const string KeyExtension = ".key";
    private const string ManifestName = "manifest.json";
    private const string SegmentExtension = ".seg";

    private DataDirectoryFiles(string dataDirectory)
    {
        KeysDirectory = Path.Combine(dataDirectory, "keys");
        DocumentsDirectory = Path.Combine(dataDirectory, "documents");
        ArchiveDirectory = Path.Combine(dataDirectory, "archive");
        var audit = Path.Combine(dataDirectory, "archive-audit.jsonl");
        AuditFile = File.Exists(audit) ? audit : null;
    }

    public string KeysDirectory { get; }

    public string DocumentsDirectory { get; }

    public string ArchiveDirectory { get; }

    public List<(string Path, string KeyId)> Keys { get; } = [];

    public List<(string Path, string DocumentId)> Documents { get; } = [];

    public List<(string Path, string DocumentId)> Manifests { get; } = [];

    public List<(string Path, string DocumentId, int Index)> Segments { get; } = [];

    public string? AuditFile { get; }

    public int Count => Keys.Count + Documents.Count + Manifests.Count + Segments.Count + (AuditFile is null ? 0 : 1);

    /// <summary>Whether the data directory may hold anything to import (cheap: no listing).</summary>
    public static bool MayHoldAny(string dataDirectory) =>
        Directory.Exists(Path.Combine(dataDirectory, "keys")) || Directory.Exists(Path.Combine(dataDirectory, "documents"))
        || Directory.Exists(Path.Combine(dataDirectory, "archive")) || File.Exists(Path.Combine(dataDirectory, "archive-audit.jsonl"));

    /// <summary>Lists the files still to import, in a stable order.</summary>
    /// <exception cref="InvalidOperationException">A file that is none of the above lies among them.</exception>
    public static DataDirectoryFiles Find(string dataDirectory)
    {
        var files = new DataDirectoryFiles(dataDirectory);
        foreach (var path in Pending(files.KeysDirectory))
        {
            var name = Path.GetFileName(path);
            files.Keys.Add(Path.GetDirectoryName(path) == files.KeysDirectory && name.EndsWith(KeyExtension, StringComparison.Ordinal) && !name.StartsWith('.')
                ? (path, name[..^KeyExtension.Length])
                : throw Unknown(path));
        }

        foreach (var path in Pending(files.DocumentsDirectory))
        {
            var id = Path.GetFileName(path);
            files.Documents.Add(HubDocumentWorkspace.IsDocumentId(id) && Path.GetDirectoryName(path) == Path.Combine(files.DocumentsDirectory, id[..2])
                ? (path, id)
                : throw Unknown(path));
        }

        foreach (var path in Pending(files.ArchiveDirectory))
        {
            var folder = Path.GetDirectoryName(path)!;
            var id = Path.GetFileName(folder);
            var name = Path.GetFileName(path);
            if (!HubDocumentWorkspace.IsDocumentId(id) || folder != Path.Combine(files.ArchiveDirectory, id[..2], id))
            {
                throw Unknown(path);
            }

            if (name == ManifestName)
            {
                files.Manifests.Add((path, id));
            }
            else if (name.Length == 6 + SegmentExtension.Length && name.EndsWith(SegmentExtension, StringComparison.Ordinal)
                     && int.TryParse(name.AsSpan(0, 6), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                files.Segments.Add((path, id, index));
            }
            else
            {
                throw Unknown(path);
            }
        }

        return files;
    }

    /// <summary>Every imported file, for renaming once the transaction committed.</summary>
    public IEnumerable<string> All() =>
        Keys.Select(k => k.Path).Concat(Documents.Select(d => d.Path)).Concat(Segments.Select(s => s.Path)).Concat(Manifests.Select(m => m.Path))
            .Concat(AuditFile is null ? [] : [AuditFile]);

    private static IEnumerable<string> Pending(string directory) => Directory.Exists(directory)
        ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(ImportedSuffix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)
        : [];

    private static InvalidOperationException Unknown(string path) => new(
        $"'{path}' is not a key, document or archive file of the Hub (a leftover temporary file?); move it out of the data directory; nothing was imported.");
}
