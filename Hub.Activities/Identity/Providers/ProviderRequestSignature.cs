using System.Security.Cryptography;
using System.Text;

namespace Hub.Activities.Identity.Providers;

/// <summary>
/// The request signature the identity vendors' APIs use in one form or another (cf. the x-qys-* headers in esign.md
/// §4): HMAC-SHA256 with the shared secret over method, path, timestamp, nonce and the SHA-256 of the body, one per
/// line. Both the Hub's client and the local provider use this type, so they agree by construction; a test signs
/// by hand to pin the format.
/// </summary>
internal static class ProviderRequestSignature
{
    public const string AppHeader = "X-Ca-App";
    public const string TimestampHeader = "X-Ca-Timestamp";
    public const string NonceHeader = "X-Ca-Nonce";
    public const string SignatureHeader = "X-Ca-Signature";

    /// <summary>How far a request's timestamp may be from the receiver's clock.</summary>
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(5);

    /// <summary>Adds the app, timestamp, nonce and signature headers to <paramref name="request"/>, whose body is
    /// <paramref name="body"/> (empty for a GET) and whose path and query the signature covers.</summary>
    public static void Sign(HttpRequestMessage request, string appId, byte[] secret, string pathAndQuery, byte[] body, TimeProvider time)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeMilliseconds();
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        request.Headers.Add(AppHeader, appId);
        request.Headers.Add(TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(NonceHeader, nonce);
        request.Headers.Add(SignatureHeader, Compute(secret, request.Method.Method, pathAndQuery, timestamp, nonce, body));
    }

    public static string Compute(byte[] secret, string method, string pathAndQuery, long timestampMs, string nonce, ReadOnlySpan<byte> body)
    {
        var canonical = $"{method}\n{pathAndQuery}\n{timestampMs}\n{nonce}\n{Convert.ToHexStringLower(SHA256.HashData(body))}";
        return Convert.ToBase64String(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(canonical)));
    }
}
