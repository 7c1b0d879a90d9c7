using System.Security.Cryptography;
using System.Text;

namespace Hub.Activities.Identity.Protection;

/// <summary>
/// The keys that protect identity data: versioned wrapping keys (key-encryption keys) for the per-subject data keys,
/// and one lookup key for the keyed hashes that let the Hub find a person by ID number or mobile without storing
/// either. Rotation adds a version; Person.Rewrap moves data keys to it, after which old versions can
/// be retired. Key bytes never leave this type.
/// </summary>
public sealed class IdentityKeyRing
{
    private const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly Dictionary<int, byte[]> _wrappingKeys;
    private readonly byte[] _lookupKey;

    /// <summary>A ring of <paramref name="wrappingKeys"/> by version (32 bytes each), wrapping new data keys with
    /// <paramref name="currentVersion"/>, and the lookup key of <paramref name="lookupVersion"/> (32 bytes).</summary>
    /// <exception cref="ArgumentException">The current version is missing, or a key is not 32 bytes.</exception>
    public IdentityKeyRing(IReadOnlyDictionary<int, byte[]> wrappingKeys, int currentVersion, byte[] lookupKey, int lookupVersion = 1)
    {
        if (!wrappingKeys.TryGetValue(currentVersion, out _))
        {
            throw new ArgumentException($"The current wrapping key version {currentVersion} is not in the ring.", nameof(currentVersion));
        }

        if (wrappingKeys.Values.Any(k => k.Length != KeySize) || lookupKey.Length != KeySize)
        {
            throw new ArgumentException("Identity keys must be 32 bytes.", nameof(wrappingKeys));
        }

        _wrappingKeys = wrappingKeys.ToDictionary(k => k.Key, k => k.Value.ToArray());
        _lookupKey = lookupKey.ToArray();
        CurrentVersion = currentVersion;
        LookupVersion = lookupVersion;
    }

    /// <summary>The version of the lookup key this ring hashes with.</summary>
    public int LookupVersion { get; }

    /// <summary>The version new data keys are wrapped with.</summary>
    public int CurrentVersion { get; }

    /// <summary>The versions this ring can unwrap.</summary>
    public IReadOnlyCollection<int> Versions => _wrappingKeys.Keys;

    /// <summary>A fresh random 256-bit data key for one subject.</summary>
    internal static byte[] NewDataKey() => RandomNumberGenerator.GetBytes(KeySize);

    /// <summary>Wraps a data key with the current wrapping key, bound to its subject (AES-256-GCM, subject id as AAD).</summary>
    internal byte[] Wrap(ReadOnlySpan<byte> dataKey, Guid subjectId)
    {
        var output = new byte[NonceSize + dataKey.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_wrappingKeys[CurrentVersion], TagSize);
        aes.Encrypt(nonce, dataKey, output.AsSpan(NonceSize, dataKey.Length), output.AsSpan(NonceSize + dataKey.Length),
            Associated(subjectId, CurrentVersion));
        return output;
    }

    /// <summary>Unwraps a data key.</summary>
    /// <exception cref="PersonalDataException">The version is retired or unknown, or the wrapped key was altered or belongs to another subject.</exception>
    internal byte[] Unwrap(ReadOnlySpan<byte> wrapped, int version, Guid subjectId)
    {
        if (!_wrappingKeys.TryGetValue(version, out var key))
        {
            throw new PersonalDataException($"The data key of subject {subjectId} is wrapped with key version {version}, which this node does not hold.");
        }

        if (wrapped.Length != NonceSize + KeySize + TagSize)
        {
            throw new PersonalDataException($"The wrapped data key of subject {subjectId} has {wrapped.Length} bytes, not {NonceSize + KeySize + TagSize}.");
        }

        var dataKey = new byte[KeySize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(wrapped[..NonceSize], wrapped.Slice(NonceSize, KeySize), wrapped[(NonceSize + KeySize)..], dataKey,
                Associated(subjectId, version));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new PersonalDataException($"The wrapped data key of subject {subjectId} does not authenticate: altered, or wrapped for another subject.");
        }

        return dataKey;
    }

    /// <summary>The keyed hash (HMAC-SHA256) of a normalised value of one field, for equality lookups.</summary>
    internal byte[] Lookup(string field, string normalisedValue) =>
        HMACSHA256.HashData(_lookupKey, Encoding.UTF8.GetBytes(field + "\0" + normalisedValue));

    private static byte[] Associated(Guid subjectId, int version) =>
        Encoding.ASCII.GetBytes($"hub/identity/data-key/{subjectId:N}/v{version}");
}
