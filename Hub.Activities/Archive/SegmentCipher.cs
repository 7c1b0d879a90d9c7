using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Hub.Activities.Archive;

/// <summary>
/// AES-256-GCM (NIST SP 800-38D) over one segment. The associated data binds the segment to its document, its index,
/// the document's segment count and whether it is the last, so a segment moved, swapped, dropped from the end or
/// taken from another document fails its tag. The key is the document's own, random and used for nothing else, so a
/// nonce made from the index never repeats under it (SP 800-38D §8.2.1, deterministic construction).
/// </summary>
internal static class SegmentCipher
{
    public const int TagSize = 16;
    private const int NonceSize = 12;
    private static readonly byte[] Label = Encoding.ASCII.GetBytes("hub-archive-segment/1\0");

    public static byte[] Seal(byte[] key, string documentId, int index, int total, ReadOnlySpan<byte> plaintext)
    {
        var output = new byte[plaintext.Length + TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(Nonce(index), plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), AssociatedData(documentId, index, total));
        return output;
    }

    /// <summary>Decrypts into <paramref name="plaintext"/> (sized by the caller); false when the tag does not match.</summary>
    public static bool TryOpen(byte[] key, string documentId, int index, int total, ReadOnlySpan<byte> sealedSegment, Span<byte> plaintext)
    {
        if (sealedSegment.Length < TagSize || plaintext.Length != sealedSegment.Length - TagSize)
        {
            return false;
        }

        using var aes = new AesGcm(key, TagSize);
        try
        {
            aes.Decrypt(Nonce(index), sealedSegment[..^TagSize], sealedSegment[^TagSize..], plaintext, AssociatedData(documentId, index, total));
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    private static byte[] Nonce(int index)
    {
        var nonce = new byte[NonceSize];
        BinaryPrimitives.WriteUInt64BigEndian(nonce.AsSpan(4), (ulong)index);
        return nonce;
    }

    private static byte[] AssociatedData(string documentId, int index, int total)
    {
        var data = new byte[Label.Length + documentId.Length + 9];
        Label.CopyTo(data, 0);
        Encoding.ASCII.GetBytes(documentId, data.AsSpan(Label.Length));
        var tail = data.AsSpan(Label.Length + documentId.Length);
        BinaryPrimitives.WriteInt32BigEndian(tail, index);
        BinaryPrimitives.WriteInt32BigEndian(tail[4..], total);
        tail[8] = index == total - 1 ? (byte)1 : (byte)0;
        return data;
    }
}
