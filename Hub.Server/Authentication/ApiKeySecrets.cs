using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Hub.Server.Authentication;

/// <summary>
/// Creates API key ids and secrets and keeps secrets encrypted at rest with Data Protection, whose key ring is
/// shared by every node through the database.
/// </summary>
internal sealed class ApiKeySecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Hub.ApiKeys.Secret.v1");

    public static string NewKeyId() => "hk_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();

    /// <summary>A new 256-bit secret, as the caller will hold it (base64url) and as it is stored (protected).</summary>
    public (string Secret, string Protected) NewSecret()
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (secret, _protector.Protect(secret));
    }

    /// <summary>The secret's bytes as both sides use them for the HMAC: the UTF-8 of the base64url text.</summary>
    public byte[] Reveal(ApiKey key) => System.Text.Encoding.UTF8.GetBytes(_protector.Unprotect(key.ProtectedSecret));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
