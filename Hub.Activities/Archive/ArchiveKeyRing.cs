using System.Security.Cryptography;
using System.Text;

namespace Hub.Activities.Archive;

/// <summary>
/// The Hub's archive keys: AES-256 keys that wrap each document's own key. The current key wraps; every key in the
/// ring unwraps, so after a rotation old documents stay readable until <see cref="DocumentArchive.RewrapAsync"/> has
/// moved them to the current key.
/// </summary>
public sealed class ArchiveKeyRing
{
    private const int KeyLength = 32;
    private readonly Dictionary<string, byte[]> keys = new(StringComparer.Ordinal);

    /// <summary>Creates a ring whose current key is <paramref name="currentKeyId"/>; <paramref name="keys"/> must hold it.</summary>
    /// <exception cref="ArgumentException">A key is not 32 bytes, an id is empty or has control characters, or the
    /// current id is not among the keys.</exception>
    public ArchiveKeyRing(string currentKeyId, IReadOnlyDictionary<string, byte[]> keys)
    {
        foreach (var (id, key) in keys)
        {
            if (string.IsNullOrWhiteSpace(id) || id.Length > 64 || id.Any(char.IsControl))
            {
                throw new ArgumentException($"Archive key id '{id}' is empty, longer than 64 characters or has control characters.", nameof(keys));
            }

            if (key.Length != KeyLength)
            {
                // The key is a secret: the message names its id only.
                throw new ArgumentException($"Archive key '{id}' has {key.Length} bytes; AES-256 needs exactly {KeyLength}.", nameof(keys));
            }

            this.keys[id] = key.ToArray();
        }

        if (!this.keys.ContainsKey(currentKeyId))
        {
            throw new ArgumentException($"The current archive key '{currentKeyId}' is not among the keys given.", nameof(currentKeyId));
        }

        CurrentKeyId = currentKeyId;
    }

    /// <summary>The id of the key that wraps new documents and rewrapped ones.</summary>
    public string CurrentKeyId { get; }

    /// <summary>
    /// Derives the archive key <paramref name="keyId"/> from the Hub's master key with HKDF-SHA256 (RFC 5869), so the
    /// archive needs no key file of its own and a new id is a new, independent key.
    /// </summary>
    public static byte[] Derive(ReadOnlySpan<byte> masterKey, string keyId)
    {
        if (masterKey.Length < KeyLength)
        {
            throw new ArgumentException($"The master key has {masterKey.Length} bytes; at least {KeyLength} are needed.", nameof(masterKey));
        }

        var key = new byte[KeyLength];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, key, salt: [], info: Encoding.UTF8.GetBytes("hub-archive-key/1/" + keyId));
        return key;
    }

    internal byte[] Current => keys[CurrentKeyId];

    internal bool TryGet(string keyId, out byte[] key) => keys.TryGetValue(keyId, out key!);
}
