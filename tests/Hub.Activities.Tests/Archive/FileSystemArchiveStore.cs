using System.Globalization;
using System.Runtime.CompilerServices;
using Hub.Activities.Archive;

namespace Hub.Activities.Tests.Archive;

/// <summary>
/// The archive under a directory, for the archive's own tests, which alter stored bytes with file operations (the Hub
/// keeps its archive in PostgreSQL, Hub.Server's DatabaseArchiveStore): <c>ab/abcd…/manifest.json</c> and
/// <c>ab/abcd…/000000.seg</c>, … Files are mode 0600 and directories 0700, written to a temporary file, flushed and
/// renamed, so a reader never sees half a file. Document ids are checked to be SHA-256 hex, so no id can name a path
/// outside the directory.
/// </summary>
internal sealed class FileSystemArchiveStore : IArchiveStore
{
    private const string ManifestName = "manifest.json";
    private const string SegmentExtension = ".seg";
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerOnlyFile | UnixFileMode.UserExecute;
    private readonly string root;

    /// <summary>Creates the store; the directory is created (0700) when missing.</summary>
    public FileSystemArchiveStore(string directory)
    {
        root = Path.GetFullPath(directory);
        CreateDirectory(root);
    }

    /// <inheritdoc />
    public Task WriteSegmentAsync(string documentId, int index, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        WriteAtomicAsync(SegmentPath(documentId, index), content, cancellationToken);

    /// <inheritdoc />
    public Task<byte[]?> ReadSegmentAsync(string documentId, int index, CancellationToken cancellationToken) =>
        ReadAsync(SegmentPath(documentId, index), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<int>> ListSegmentsAsync(string documentId, CancellationToken cancellationToken)
    {
        var folder = Folder(documentId);
        IReadOnlyList<int> indexes = !Directory.Exists(folder) ? [] : Directory.EnumerateFiles(folder, "*" + SegmentExtension)
            .Select(f => int.TryParse(Path.GetFileNameWithoutExtension(f), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1)
            .Where(i => i >= 0).Order().ToList();
        return Task.FromResult(indexes);
    }

    /// <inheritdoc />
    public Task WriteManifestAsync(string documentId, ReadOnlyMemory<byte> manifest, CancellationToken cancellationToken) =>
        WriteAtomicAsync(Path.Combine(Folder(documentId), ManifestName), manifest, cancellationToken);

    /// <inheritdoc />
    public Task<byte[]?> ReadManifestAsync(string documentId, CancellationToken cancellationToken) =>
        ReadAsync(Path.Combine(Folder(documentId), ManifestName), cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListDocumentsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var manifest in Directory.EnumerateFiles(root, ManifestName, SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var id = Path.GetFileName(Path.GetDirectoryName(manifest)!);
            if (DocumentId.IsValid(id))
            {
                yield return id;
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task DeleteAsync(string documentId, CancellationToken cancellationToken)
    {
        var folder = Folder(documentId);
        File.Delete(Path.Combine(folder, ManifestName));
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    private string Folder(string documentId)
    {
        DocumentId.Check(documentId);
        return Path.Combine(root, documentId[..2], documentId);
    }

    private string SegmentPath(string documentId, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return Path.Combine(Folder(documentId), index.ToString("D6", CultureInfo.InvariantCulture) + SegmentExtension);
    }

    private static async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static async Task WriteAtomicAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(path)!;
        CreateDirectory(Path.GetDirectoryName(directory)!);
        CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        try
        {
            await using (var stream = new FileStream(temporary, options))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static void CreateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, OwnerOnlyDirectory);
        }
    }
}
