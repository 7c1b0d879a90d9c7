namespace Hub.Trust.Keys;

/// <summary>
/// Wrapped keys as files in one directory, <c>&lt;id&gt;.key</c>, written through <see cref="SecureFile"/> (mode 0600,
/// atomic rename). Key ids are checked by <see cref="SoftwareKeyStore"/> before they reach a path.
/// </summary>
internal sealed class KeyFileRecords(string directory) : IWrappedKeyRecords
{
    private const string Extension = ".key";
    private readonly string _directory = Path.GetFullPath(directory);

    public Task<bool> TryAddAsync(string keyId, byte[] record, CancellationToken cancellationToken) =>
        SecureFile.WriteAtomicAsync(PathOf(keyId), record, overwrite: false, cancellationToken);

    public async Task<byte[]?> ReadAsync(string keyId, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(PathOf(keyId), cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public Task ReplaceAsync(string keyId, byte[] record, CancellationToken cancellationToken) =>
        SecureFile.WriteAtomicAsync(PathOf(keyId), record, overwrite: true, cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> ids = Directory.Exists(_directory)
            ? Directory.EnumerateFiles(_directory, "*" + Extension).Select(Path.GetFileNameWithoutExtension).Select(id => id!).ToList()
            : [];
        return Task.FromResult(ids);
    }

    private string PathOf(string keyId) => Path.Combine(_directory, keyId + Extension);
}
