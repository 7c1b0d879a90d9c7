namespace Hub.Trust.Keys;

/// <summary>
/// Where <see cref="SoftwareKeyStore"/> keeps its wrapped keys: one opaque record per key id (the key, already
/// encrypted under the master key, serialized). Files in a directory by default; the Hub host keeps them in its
/// database so nodes share no directory.
/// </summary>
public interface IWrappedKeyRecords
{
    /// <summary>Stores a record unless one exists for the id; false when it did (the existing record is kept).</summary>
    Task<bool> TryAddAsync(string keyId, byte[] record, CancellationToken cancellationToken);

    /// <summary>The record of a key id, or <see langword="null"/> when there is none.</summary>
    Task<byte[]?> ReadAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>Replaces the existing record of a key id (re-wrapping under a new master key).</summary>
    Task ReplaceAsync(string keyId, byte[] record, CancellationToken cancellationToken);

    /// <summary>Every stored key id.</summary>
    Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken);
}
