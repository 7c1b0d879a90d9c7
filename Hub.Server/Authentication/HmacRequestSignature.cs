using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Hub.Server.Authentication;

/// <summary>
/// The wire format of a system's signed request. A caller sends
/// <code>
/// X-Hub-Content-SHA256: lowercase hex SHA-256 of the body (of nothing for an empty body)
/// Authorization: HUB-HMAC-SHA256 Credential=KEYID, Timestamp=UNIXSECONDS, Nonce=NONCE, Signature=BASE64
/// </code>
/// where Signature is HMAC-SHA256 under the key's secret of the lines
/// <c>HUB-HMAC-SHA256</c>, the method in upper case, the request target exactly as sent (path and query),
/// the timestamp, the nonce and the body digest, joined by "\n". The timestamp must be within
/// <see cref="ReplayWindow"/> of the server's clock and a nonce is accepted once per key.
/// </summary>
public static class HmacRequestSignature
{
    /// <summary>The scheme word in the Authorization header.</summary>
    public const string Scheme = "HUB-HMAC-SHA256";

    /// <summary>The header carrying the body digest.</summary>
    public const string ContentDigestHeader = "X-Hub-Content-SHA256";

    /// <summary>How far a request's timestamp may be from the server's clock, either way.</summary>
    public static readonly TimeSpan ReplayWindow = TimeSpan.FromMinutes(5);

    /// <summary>Lowercase hex SHA-256 of a body.</summary>
    public static string BodyDigest(ReadOnlySpan<byte> body) =>
        Convert.ToHexString(SHA256.HashData(body)).ToLowerInvariant();

    /// <summary>The text that is signed.</summary>
    public static string StringToSign(string method, string requestTarget, long timestamp, string nonce,
        string bodyDigest) =>
        string.Join('\n', Scheme, method.ToUpperInvariant(), requestTarget,
            timestamp.ToString(CultureInfo.InvariantCulture), nonce, bodyDigest);

    /// <summary>The HMAC-SHA256 of <see cref="StringToSign"/> under the secret.</summary>
    public static byte[] Compute(ReadOnlySpan<byte> secret, string stringToSign) =>
        HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(stringToSign));

    /// <summary>Builds the Authorization header value a client sends.</summary>
    public static string AuthorizationHeader(string keyId, ReadOnlySpan<byte> secret, string method,
        string requestTarget, long timestamp, string nonce, string bodyDigest)
    {
        var signature = Compute(secret, StringToSign(method, requestTarget, timestamp, nonce, bodyDigest));
        return string.Create(CultureInfo.InvariantCulture,
            $"{Scheme} Credential={keyId}, Timestamp={timestamp}, Nonce={nonce}, Signature={Convert.ToBase64String(signature)}");
    }
}
