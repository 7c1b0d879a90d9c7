using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Hub.Trust.Keys;

/// <summary>
/// An <see cref="IKeyStore"/> in software: one record per key, PKCS#8 encrypted with AES-256-GCM under a master key
/// from configuration. The records are files in a directory (written atomically with mode 0600) or, in the Hub host,
/// rows of its database. The master key must come from a secret store, never from beside the keys.
/// </summary>
public sealed partial class SoftwareKeyStore : IKeyStore
{
    private readonly IWrappedKeyRecords _records;
    private readonly MasterKeyRing _ring;

    /// <summary>Creates the store; validates the options and decodes the master keys.</summary>
    /// <exception cref="KeyStoreException">The options are incomplete or a master key is not 32 bytes of base64.</exception>
    public SoftwareKeyStore(SoftwareKeyStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            throw new KeyStoreException("KeyStore:Directory is empty.");
        }

        _records = new KeyFileRecords(options.Directory);
        _ring = MasterKeyRing.FromOptions(options);
    }

    /// <summary>Creates the store over other records than files; <see cref="SoftwareKeyStoreOptions.Directory"/> is not used.</summary>
    public SoftwareKeyStore(SoftwareKeyStoreOptions options, IWrappedKeyRecords records)
    {
        ArgumentNullException.ThrowIfNull(options);
        _records = records;
        _ring = MasterKeyRing.FromOptions(options);
    }

    /// <summary>Checks that <paramref name="record"/> is a well-formed wrapped key of <paramref name="keyId"/> (without unwrapping it).</summary>
    /// <exception cref="KeyStoreException">The id is invalid, or the record is not a key record of that id.</exception>
    public static void CheckRecord(string keyId, ReadOnlySpan<byte> record)
    {
        CheckKeyId(keyId);
        WrappedKeyFile.Parse(keyId, record);
    }

    /// <inheritdoc/>
    public async Task<KeyDescriptor> CreateAsync(string keyId, KeyAlgorithm algorithm, CancellationToken cancellationToken)
    {
        using var key = AsymmetricKeys.Generate(algorithm);
        return await StoreAsync(keyId, algorithm, key, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<KeyDescriptor> ImportAsync(string keyId, AsymmetricAlgorithm privateKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        return await StoreAsync(keyId, AsymmetricKeys.Identify(privateKey), privateKey, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<KeyDescriptor?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        CheckKeyId(keyId);
        if (await _records.ReadAsync(keyId, cancellationToken) is not { } record)
        {
            return null;
        }

        using var key = Load(WrappedKeyFile.Parse(keyId, record));
        return new KeyDescriptor(keyId, AsymmetricKeys.Identify(key), key.ExportSubjectPublicKeyInfo());
    }

    /// <inheritdoc/>
    public async Task<byte[]> SignHashAsync(string keyId, ReadOnlyMemory<byte> hash, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken)
    {
        using var key = await LoadAsync(keyId, cancellationToken);
        return AsymmetricKeys.SignHash(key, hash.Span, hashAlgorithm);
    }

    /// <inheritdoc/>
    public Task<AsymmetricAlgorithm> OpenSigningKeyAsync(string keyId, CancellationToken cancellationToken) => LoadAsync(keyId, cancellationToken);

    /// <inheritdoc/>
    public async Task<byte[]> ExportPkcs8Async(string keyId, CancellationToken cancellationToken)
    {
        var file = await ReadFileAsync(keyId, cancellationToken);
        return file.Unwrap(_ring);
    }

    /// <summary>
    /// Re-encrypts every key that is not yet under the current master key (rotation: configure the new key as current and
    /// the old one under PreviousMasterKeys, run this, then drop the old key). Returns the number of keys re-wrapped.
    /// </summary>
    internal async Task<int> RewrapAllAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var keyId in await _records.ListAsync(cancellationToken))
        {
            var file = await ReadFileAsync(keyId, cancellationToken);
            if (file.MasterKeyId == _ring.CurrentId)
            {
                continue;
            }

            var pkcs8 = file.Unwrap(_ring);
            try
            {
                var rewrapped = WrappedKeyFile.Wrap(keyId, file.Algorithm, pkcs8, _ring.CurrentId, _ring.Current);
                await _records.ReplaceAsync(keyId, rewrapped.Serialize(), cancellationToken);
                count++;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pkcs8);
            }
        }

        return count;
    }

    private async Task<KeyDescriptor> StoreAsync(string keyId, KeyAlgorithm algorithm, AsymmetricAlgorithm key, CancellationToken cancellationToken)
    {
        CheckKeyId(keyId);
        var pkcs8 = key.ExportPkcs8PrivateKey();
        try
        {
            var file = WrappedKeyFile.Wrap(keyId, algorithm, pkcs8, _ring.CurrentId, _ring.Current);
            if (!await _records.TryAddAsync(keyId, file.Serialize(), cancellationToken))
            {
                throw new KeyStoreException($"Key '{keyId}' already exists.");
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }

        return new KeyDescriptor(keyId, algorithm, key.ExportSubjectPublicKeyInfo());
    }

    private async Task<AsymmetricAlgorithm> LoadAsync(string keyId, CancellationToken cancellationToken) =>
        Load(await ReadFileAsync(keyId, cancellationToken));

    private AsymmetricAlgorithm Load(WrappedKeyFile file)
    {
        var pkcs8 = file.Unwrap(_ring);
        try
        {
            return AsymmetricKeys.ImportPkcs8(file.Algorithm, pkcs8);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    private async Task<WrappedKeyFile> ReadFileAsync(string keyId, CancellationToken cancellationToken)
    {
        CheckKeyId(keyId);
        var record = await _records.ReadAsync(keyId, cancellationToken) ?? throw new KeyStoreException($"Key '{keyId}' does not exist.");
        return WrappedKeyFile.Parse(keyId, record);
    }

    private static void CheckKeyId(string keyId)
    {
        // The id may become a file name, so it must not be able to climb out of the directory.
        if (keyId is null || !KeyIdPattern().IsMatch(keyId))
        {
            throw new KeyStoreException($"Key id '{keyId}' is invalid: use 1–100 letters, digits, '.', '_' or '-', not starting with '.'.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex KeyIdPattern();
}
