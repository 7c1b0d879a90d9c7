using System.Security.Cryptography;

namespace Hub.Activities.Archive;

/// <summary>A document's id is the lowercase hex SHA-256 of its content (FIPS 180-4): the same bytes, the same id.</summary>
public static class DocumentId
{
    /// <summary>The id of <paramref name="content"/>.</summary>
    public static string Of(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Whether <paramref name="id"/> has the form of a document id.</summary>
    public static bool IsValid(string id) => id.Length == 64 && id.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    /// <summary>Returns <paramref name="id"/>, or throws when it does not have the form of a document id.</summary>
    /// <exception cref="ArgumentException">Not 64 lowercase hex digits.</exception>
    public static string Check(string id) => IsValid(id)
        ? id
        : throw new ArgumentException($"'{Shorten(id)}' is not a document id: give the 64 lowercase hex digits of its SHA-256.", nameof(id));

    /// <summary>The first twelve digits, for messages.</summary>
    public static string Short(string id) => id[..12] + "…";

    private static string Shorten(string id) => id.Length <= 80 ? id : id[..80] + "…";
}
