using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Hub.Server.Authentication;

/// <summary>The parsed parts of a <c>HUB-HMAC-SHA256</c> Authorization header.</summary>
internal sealed record HmacAuthorization(string KeyId, long Timestamp, string Nonce, byte[] Signature)
{
    public static bool TryParse(string header, [NotNullWhen(true)] out HmacAuthorization? parsed,
        [NotNullWhen(false)] out string? error)
    {
        parsed = null;
        if (header.Length > 1024)
        {
            error = "the Authorization header is too long";
            return false;
        }

        if (!header.StartsWith(HmacRequestSignature.Scheme + " ", StringComparison.Ordinal))
        {
            error = $"the Authorization header does not use {HmacRequestSignature.Scheme}";
            return false;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in header[(HmacRequestSignature.Scheme.Length + 1)..].Split(',',
                     StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !fields.TryAdd(part[..equals], part[(equals + 1)..]))
            {
                error = "the Authorization header is malformed (expected Credential=, Timestamp=, Nonce=, Signature= once each)";
                return false;
            }
        }

        if (!fields.TryGetValue("Credential", out var keyId) || !IsToken(keyId, 32))
        {
            error = "Credential is missing or malformed";
            return false;
        }

        if (!fields.TryGetValue("Timestamp", out var timestampText) ||
            !long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            error = "Timestamp is missing or not a number of Unix seconds";
            return false;
        }

        if (!fields.TryGetValue("Nonce", out var nonce) || nonce.Length < 16 || !IsToken(nonce, 64))
        {
            error = "Nonce is missing or malformed (16 to 64 characters of A-Z, a-z, 0-9, '-', '_')";
            return false;
        }

        var signature = new byte[32];
        if (!fields.TryGetValue("Signature", out var signatureText) ||
            !Convert.TryFromBase64String(signatureText, signature, out var written) || written != 32)
        {
            error = "Signature is missing or not a base64 HMAC-SHA256";
            return false;
        }

        if (fields.Count != 4)
        {
            error = "the Authorization header has unknown fields";
            return false;
        }

        parsed = new HmacAuthorization(keyId, timestamp, nonce, signature);
        error = null;
        return true;
    }

    private static bool IsToken(string value, int maxLength) =>
        value.Length > 0 && value.Length <= maxLength &&
        value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
