using System.Security.Cryptography;
using System.Text;

namespace Hub.Trust.Keys;

/// <summary>The configured master keys, decoded and checked once; the current one wraps, all of them unwrap.</summary>
internal sealed class MasterKeyRing
{
    private const int KeyLength = 32;
    private static readonly byte[] CheckLabel = Encoding.ASCII.GetBytes("hub-master-key-check/1");

    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    private MasterKeyRing(string currentId) => CurrentId = currentId;

    public string CurrentId { get; }

    public byte[] Current => _keys[CurrentId];

    public static MasterKeyRing FromOptions(SoftwareKeyStoreOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.MasterKeyId))
        {
            throw new KeyStoreException("KeyStore:MasterKeyId is empty.");
        }

        var ring = new MasterKeyRing(options.MasterKeyId);
        ring._keys[options.MasterKeyId] = Decode(options.MasterKeyId, options.MasterKey);
        foreach (var (id, value) in options.PreviousMasterKeys)
        {
            if (!ring._keys.TryAdd(id, Decode(id, value)))
            {
                throw new KeyStoreException($"KeyStore:PreviousMasterKeys repeats the current master key id '{id}'.");
            }
        }

        return ring;
    }

    public bool TryGet(string id, out byte[] key) => _keys.TryGetValue(id, out key!);

    /// <summary>
    /// A short, one-way fingerprint stored beside each wrapped key, so a wrong master key is reported as such rather than
    /// as an altered file (both would otherwise surface as the same GCM tag failure).
    /// </summary>
    public static byte[] CheckValue(byte[] masterKey) => HMACSHA256.HashData(masterKey, CheckLabel).AsSpan(0, 8).ToArray();

    private static byte[] Decode(string id, string base64)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            // The value itself is a secret: the message names the key id only.
            throw new KeyStoreException($"Master key '{id}' is not valid base64.");
        }

        if (key.Length != KeyLength)
        {
            throw new KeyStoreException($"Master key '{id}' has {key.Length} bytes; AES-256-GCM needs exactly {KeyLength}.");
        }

        return key;
    }
}
