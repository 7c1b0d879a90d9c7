using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Hub.Server.Evidence;

/// <summary>
/// How an evidence entry is hashed: SHA-256 over the previous entry's hash and the entry's fields, each length-prefixed
/// (so no two field lists share an encoding), the time as microseconds since the Unix epoch (PostgreSQL's precision).
/// The first entry's previous hash is 32 zero bytes.
/// </summary>
internal static class EvidenceHash
{
    public static readonly byte[] Genesis = new byte[32];

    public static byte[] Compute(ReadOnlySpan<byte> previousHash, long seq, DateTimeOffset recordedAt, string kind, string organisationPath,
        Guid? actorId, string subject, string details)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(previousHash);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, seq);
        hash.AppendData(number);
        BinaryPrimitives.WriteInt64BigEndian(number, Microseconds(recordedAt));
        hash.AppendData(number);
        Field(hash, kind);
        Field(hash, organisationPath);
        Field(hash, actorId?.ToString("D") ?? "");
        Field(hash, subject);
        Field(hash, details);
        return hash.GetHashAndReset();
    }

    // Names what an anchor's imprint covers, so no other SHA-256 the Hub time-stamps can pass for an anchor.
    private static readonly byte[] AnchorLabel = Encoding.ASCII.GetBytes("hub-evidence-anchor-v1");

    /// <summary>
    /// The message imprint of an anchor's RFC 3161 token: SHA-256 over a fixed label, the head's seq (8 bytes, big-endian)
    /// and the head entry's hash, so a token vouches for this entry at this position and for nothing else.
    /// </summary>
    public static byte[] AnchorImprint(long headSeq, ReadOnlySpan<byte> headHash)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(AnchorLabel);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, headSeq);
        hash.AppendData(number);
        hash.AppendData(headHash);
        return hash.GetHashAndReset();
    }

    /// <summary>The time as PostgreSQL keeps it, so a value read back hashes the same as the value written.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) => DateTimeOffset.UnixEpoch.AddTicks(Microseconds(at) * 10);

    private static long Microseconds(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    private static void Field(IncrementalHash hash, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
