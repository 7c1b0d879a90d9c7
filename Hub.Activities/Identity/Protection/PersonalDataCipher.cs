using System.Security.Cryptography;
using System.Text;

namespace Hub.Activities.Identity.Protection;

/// <summary>
/// Encrypts one field of one subject with that subject's data key: AES-256-GCM, a fresh 96-bit nonce per value
/// (NIST SP 800-38D §8.2.2), and the subject id plus field name as associated data, so a value copied into another
/// row or column no longer decrypts. Layout: format byte 1, nonce (12), ciphertext, tag (16).
/// </summary>
internal static class PersonalDataCipher
{
    private const byte Format = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static byte[] Encrypt(ReadOnlySpan<byte> dataKey, Guid subjectId, string field, string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[1 + NonceSize + plain.Length + TagSize];
        output[0] = Format;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(dataKey, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(1 + NonceSize, plain.Length), output.AsSpan(1 + NonceSize + plain.Length),
            Associated(subjectId, field));
        CryptographicOperations.ZeroMemory(plain);
        return output;
    }

    /// <exception cref="PersonalDataException">The value is malformed or does not authenticate under this key, subject and field.</exception>
    public static string Decrypt(ReadOnlySpan<byte> dataKey, Guid subjectId, string field, ReadOnlySpan<byte> sealedValue)
    {
        if (sealedValue.Length < 1 + NonceSize + TagSize || sealedValue[0] != Format)
        {
            throw new PersonalDataException($"The {field} of subject {subjectId} is not an encrypted field of format {Format}.");
        }

        var cipherLength = sealedValue.Length - 1 - NonceSize - TagSize;
        var plain = new byte[cipherLength];
        try
        {
            using var aes = new AesGcm(dataKey, TagSize);
            aes.Decrypt(sealedValue.Slice(1, NonceSize), sealedValue.Slice(1 + NonceSize, cipherLength),
                sealedValue[(1 + NonceSize + cipherLength)..], plain, Associated(subjectId, field));
            return Encoding.UTF8.GetString(plain);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new PersonalDataException($"The {field} of subject {subjectId} does not authenticate: altered, or moved from another row or field.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private static byte[] Associated(Guid subjectId, string field) => Encoding.ASCII.GetBytes($"hub/identity/{subjectId:N}/{field}");
}
