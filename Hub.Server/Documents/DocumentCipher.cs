using System.Security.Cryptography;
using System.Text;
using Hub.Server.Secrets;

namespace Hub.Server.Documents;

/// <summary>
/// Encrypts the instances' documents at rest: AES-256-GCM under a key derived from the master key with HKDF-SHA256
/// (RFC 5869), a fresh 96-bit nonce per document, and the document id and key id as associated data, so a row moved
/// to another id or relabelled fails authentication instead of yielding another document's bytes.
/// </summary>
internal sealed class DocumentCipher
{
    /// <summary>The id of the derived key new documents are encrypted under.</summary>
    public const string CurrentKeyId = "documents-1";

    private const int NonceLength = 12;
    private const int TagLength = 16;
    private readonly byte[] _key = new byte[32];

    public DocumentCipher(MasterKey masterKey) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey.Bytes, _key, salt: [], info: Encoding.UTF8.GetBytes("hub-document-key/1/" + CurrentKeyId));

    public EncryptedDocument Encrypt(string documentId, ReadOnlySpan<byte> content)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceLength);
        var ciphertext = new byte[content.Length];
        var tag = new byte[TagLength];
        using var aes = new AesGcm(_key, TagLength);
        aes.Encrypt(nonce, content, ciphertext, tag, AssociatedData(documentId, CurrentKeyId));
        return new EncryptedDocument(CurrentKeyId, nonce, ciphertext, tag);
    }

    /// <exception cref="InvalidDataException">The row was altered, moved to another id, or is under an unknown key.</exception>
    public byte[] Decrypt(string documentId, EncryptedDocument encrypted)
    {
        if (encrypted.KeyId != CurrentKeyId)
        {
            throw new InvalidDataException($"Document {documentId} is encrypted under key '{encrypted.KeyId}', which this node does not derive.");
        }

        var content = new byte[encrypted.Ciphertext.Length];
        try
        {
            using var aes = new AesGcm(_key, TagLength);
            aes.Decrypt(encrypted.Nonce, encrypted.Ciphertext, encrypted.Tag, content, AssociatedData(documentId, encrypted.KeyId));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new InvalidDataException($"The stored document {documentId} failed authentication (AES-GCM tag mismatch): the row was altered or the master key differs.", e);
        }

        return content;
    }

    private static byte[] AssociatedData(string documentId, string keyId) => Encoding.UTF8.GetBytes($"hub-document/1\n{documentId}\n{keyId}");
}

/// <summary>One document as stored: the key it is under, the nonce, the ciphertext and the GCM tag.</summary>
internal sealed record EncryptedDocument(string KeyId, byte[] Nonce, byte[] Ciphertext, byte[] Tag);
