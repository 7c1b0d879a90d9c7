using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;

namespace Hub.Server.Authentication;

/// <summary>The default scheme: a signed request goes to the HMAC handler, anything else to the session cookie.</summary>
internal static class HubAuthentication
{
    public const string Scheme = "Hub";

    public static string SelectScheme(HttpContext context)
    {
        string? authorization = context.Request.Headers.Authorization;
        return authorization is not null &&
               authorization.StartsWith(HmacRequestSignature.Scheme, StringComparison.Ordinal)
            ? HmacAuthenticationHandler.SchemeName
            : CookieAuthenticationDefaults.AuthenticationScheme;
    }
}
