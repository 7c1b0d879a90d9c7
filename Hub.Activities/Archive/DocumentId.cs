using System.Security.Cryptography;

namespace Hub.Activities.Archive;

/// <summary>A document's id is the lowercase hex SHA-256 of its content (FIPS 180-4): the same bytes, the same id.</summary>
internal static class DocumentId
{
    public static string Of(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static bool IsValid(string id) => id.Length == 64 && id.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    public static string Check(string id) => IsValid(id)
        ? id
        : throw new ArgumentException($"'{Shorten(id)}' is not a document id: give the 64 lowercase hex digits of its SHA-256.", nameof(id));

    public static string Short(string id) => id[..12] + "…";

    private static string Shorten(string id) => id.Length <= 80 ? id : id[..80] + "…";
}
