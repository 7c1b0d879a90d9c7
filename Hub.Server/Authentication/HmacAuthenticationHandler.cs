using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Hub.Server.Authorisation;
using Hub.Server.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hub.Server.Authentication;

/// <summary>
/// Authenticates systems by <see cref="HmacRequestSignature"/>: the body digest, the timestamp window, the key,
/// the signature (compared in constant time) and a single-use nonce, in that order, so cheap checks run first and a
/// refused request records nothing but, once the signature holds, its nonce.
/// </summary>
internal sealed class HmacAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    HubDbContext db,
    ApiKeySecrets secrets,
    CallerCache cache,
    TimeProvider time,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "HubHmac";

    /// <summary>Bodies of signed requests are hashed in memory; larger uploads use other routes.</summary>
    public const int MaxSignedBodyBytes = 32 * 1024 * 1024;

    private readonly ILogger _security = loggerFactory.CreateLogger("Hub.Server.Security");

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith(HmacRequestSignature.Scheme, StringComparison.Ordinal))
        {
            return AuthenticateResult.NoResult();
        }

        if (!HmacAuthorization.TryParse(header, out var authorization, out var malformed))
        {
            return Refuse("?", malformed);
        }

        var now = time.GetUtcNow();
        var sent = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(authorization.Timestamp, 0, 253402300799));
        if ((now - sent).Duration() > HmacRequestSignature.ReplayWindow)
        {
            return Refuse(authorization.KeyId, "the timestamp is outside the replay window (check the clock)");
        }

        string? declaredDigest = Request.Headers[HmacRequestSignature.ContentDigestHeader];
        if (declaredDigest is null || declaredDigest.Length != 64)
        {
            return Refuse(authorization.KeyId, $"the {HmacRequestSignature.ContentDigestHeader} header is missing or malformed");
        }

        var digest = await DigestBodyAsync();
        if (digest is null)
        {
            return Refuse(authorization.KeyId, "the body is too large for a signed request");
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(digest),
                Encoding.ASCII.GetBytes(declaredDigest.ToLowerInvariant())))
        {
            return Refuse(authorization.KeyId, "the body does not match its digest");
        }

        var key = await KeyAsync(authorization.KeyId);
        if (key is null || key.IsRevoked)
        {
            return Refuse(authorization.KeyId, key is null ? "unknown key" : "the key is revoked");
        }

        var target = Context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? Request.Path + Request.QueryString;
        var expected = HmacRequestSignature.Compute(secrets.Reveal(key),
            HmacRequestSignature.StringToSign(Request.Method, target, authorization.Timestamp, authorization.Nonce, digest));
        if (!CryptographicOperations.FixedTimeEquals(expected, authorization.Signature))
        {
            return Refuse(authorization.KeyId, "the signature does not match");
        }

        var recorded = await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO hub.api_request_nonces (key_id, nonce, seen_at) VALUES ({key.KeyId}, {authorization.Nonce}, {now}) ON CONFLICT DO NOTHING",
            Context.RequestAborted);
        if (recorded == 0)
        {
            return Refuse(authorization.KeyId, "the nonce was already used (replayed request)");
        }

        var identity = new ClaimsIdentity(
            [new Claim(HubClaims.ApiKey, key.Id.ToString()), new Claim(ClaimTypes.Name, key.KeyId)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>The key row, cached like callers (<see cref="CallerCache"/>); the nonce below stays per request.</summary>
    private async Task<ApiKey?> KeyAsync(string keyId)
    {
        if (cache.ApiKey(keyId) is { } cached)
        {
            return cached;
        }

        var seen = cache.Generation;
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.KeyId == keyId, Context.RequestAborted);
        if (key is not null)
        {
            cache.RememberApiKey(key, seen);
        }

        return key;
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Log.Unauthenticated(_security, Request.Method, Request.Path);
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = result.Failure is { } failure
                    ? "The signed request was refused: " + failure.Message + "."
                    : "This endpoint needs a signed-in session or a signed API request.",
            },
        });
    }

    private AuthenticateResult Refuse(string keyId, string reason)
    {
        Log.ApiKeyRefused(_security, keyId, reason);
        return AuthenticateResult.Fail(reason);
    }

    private async Task<string?> DigestBodyAsync()
    {
        if (Request.ContentLength > MaxSignedBodyBytes)
        {
            return null;
        }

        Request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: MaxSignedBodyBytes);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = await Request.Body.ReadAsync(buffer, Context.RequestAborted)) > 0)
        {
            total += read;
            if (total > MaxSignedBodyBytes)
            {
                return null;
            }

            hash.AppendData(buffer, 0, read);
        }

        Request.Body.Position = 0;
        return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }
}
