using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hub.Trust.Keys;

/// <summary>
/// One key file: the PKCS#8 private key encrypted with AES-256-GCM under a master key. The associated data binds the
/// format, key id, algorithm and master key id, so a file renamed to another key id, or relabelled, fails authentication.
/// </summary>
internal sealed class WrappedKeyFile
{
    public const string CurrentFormat = "hub-key/1";
    private const int NonceLength = 12;
    private const int TagLength = 16;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    public required string Format { get; init; }

    public required string KeyId { get; init; }

    public required KeyAlgorithm Algorithm { get; init; }

    public required string MasterKeyId { get; init; }

    public required byte[] MasterKeyCheck { get; init; }

    public required byte[] Nonce { get; init; }

    public required byte[] Ciphertext { get; init; }

    public required byte[] Tag { get; init; }

    public static WrappedKeyFile Wrap(string keyId, KeyAlgorithm algorithm, ReadOnlySpan<byte> pkcs8, string masterKeyId, byte[] masterKey)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceLength);
        var ciphertext = new byte[pkcs8.Length];
        var tag = new byte[TagLength];
        using (var aes = new AesGcm(masterKey, TagLength))
        {
            aes.Encrypt(nonce, pkcs8, ciphertext, tag, AssociatedData(CurrentFormat, keyId, algorithm, masterKeyId));
        }

        return new WrappedKeyFile
        {
            Format = CurrentFormat,
            KeyId = keyId,
            Algorithm = algorithm,
            MasterKeyId = masterKeyId,
            MasterKeyCheck = MasterKeyRing.CheckValue(masterKey),
            Nonce = nonce,
            Ciphertext = ciphertext,
            Tag = tag,
        };
    }

    public byte[] Unwrap(MasterKeyRing ring)
    {
        if (!ring.TryGet(MasterKeyId, out var masterKey))
        {
            throw new KeyStoreException(
                $"Key '{KeyId}' is wrapped under master key '{MasterKeyId}', which is not configured; add it to KeyStore:PreviousMasterKeys.");
        }

        if (!CryptographicOperations.FixedTimeEquals(MasterKeyRing.CheckValue(masterKey), MasterKeyCheck))
        {
            throw new KeyStoreException(
                $"Key '{KeyId}' cannot be decrypted: the configured master key '{MasterKeyId}' is not the one the key was wrapped with.");
        }

        var plaintext = new byte[Ciphertext.Length];
        try
        {
            using var aes = new AesGcm(masterKey, TagLength);
            aes.Decrypt(Nonce, Ciphertext, Tag, plaintext, AssociatedData(Format, KeyId, Algorithm, MasterKeyId));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new KeyStoreException($"Key '{KeyId}' failed authentication (AES-GCM tag mismatch): the key file was altered.", e);
        }

        return plaintext;
    }

    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static WrappedKeyFile Parse(string expectedKeyId, ReadOnlySpan<byte> json)
    {
        WrappedKeyFile? file;
        try
        {
            file = JsonSerializer.Deserialize<WrappedKeyFile>(json, Json);
        }
        catch (JsonException e)
        {
            throw new KeyStoreException($"Key file of '{expectedKeyId}' is not a valid key file: {e.Message}", e);
        }

        if (file is null || file.Format != CurrentFormat)
        {
            throw new KeyStoreException($"Key file of '{expectedKeyId}' has format '{file?.Format}', expected '{CurrentFormat}'.");
        }

        if (file.KeyId != expectedKeyId)
        {
            throw new KeyStoreException($"Key file of '{expectedKeyId}' holds key '{file.KeyId}': the file was renamed or replaced.");
        }

        if (file.Nonce.Length != NonceLength || file.Tag.Length != TagLength)
        {
            throw new KeyStoreException($"Key file of '{expectedKeyId}' has a nonce or tag of the wrong length.");
        }

        return file;
    }

    private static byte[] AssociatedData(string format, string keyId, KeyAlgorithm algorithm, string masterKeyId) =>
        Encoding.UTF8.GetBytes($"{format}\n{keyId}\n{algorithm}\n{masterKeyId}");
}
