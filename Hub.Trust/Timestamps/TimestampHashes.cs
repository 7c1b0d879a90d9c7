using System.Security.Cryptography;
using Hub.Trust.Cms;

namespace Hub.Trust.Timestamps;

/// <summary>The message-imprint hash algorithms the Hub's TSA and client accept: SHA-2 only; SHA-1 and MD5 are broken for collision resistance.</summary>
internal static class TimestampHashes
{
    public static bool TryGetLength(string oid, out int length)
    {
        length = oid switch
        {
            CmsOids.Sha256 => 32,
            CmsOids.Sha384 => 48,
            CmsOids.Sha512 => 64,
            _ => 0,
        };
        return length > 0;
    }

    public static string Oid(HashAlgorithmName name) => name.Name switch
    {
        "SHA256" => CmsOids.Sha256,
        "SHA384" => CmsOids.Sha384,
        "SHA512" => CmsOids.Sha512,
        _ => throw new ArgumentException($"Hash algorithm {name.Name} is not accepted for time-stamps; use SHA256, SHA384 or SHA512.", nameof(name)),
    };

    public static string Describe(string oid) => oid switch
    {
        CmsOids.Sha256 => "SHA-256",
        CmsOids.Sha384 => "SHA-384",
        CmsOids.Sha512 => "SHA-512",
        CmsOids.Sha1 => "SHA-1",
        CmsOids.Md5 => "MD5",
        _ => oid,
    };
}
