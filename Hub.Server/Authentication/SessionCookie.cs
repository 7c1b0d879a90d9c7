using System.Security.Claims;
using Hub.Server.Authorisation;
using Hub.Server.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hub.Server.Authentication;

/// <summary>
/// The session cookie of people using the designer and API: HttpOnly, SameSite=Strict (so a cross-site page
/// cannot ride on it), eight hours sliding, and checked against the user's security stamp on every request so
/// a lockout or password change ends existing sessions. The stamp is read through <see cref="CallerCache"/>: a
/// change made through this node ends sessions on the next request, one made through another node within the
/// cache's lifetime.
/// </summary>
internal static class SessionCookie
{
    public const string Name = "hub.session";

    public static void Configure(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = Name;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.ExpireTimeSpan = TimeSpan.FromHours(8);
        options.SlidingExpiration = true;
        options.Events.OnRedirectToLogin = context => WriteProblemAsync(context.HttpContext,
            StatusCodes.Status401Unauthorized, "Unauthorized", "This endpoint needs a signed-in session or a signed API request.");
        options.Events.OnRedirectToAccessDenied = context => WriteProblemAsync(context.HttpContext,
            StatusCodes.Status403Forbidden, "Forbidden", "The caller may not use this endpoint.");
        options.Events.OnValidatePrincipal = ValidateAsync;
        options.Events.OnSigningOut = context =>
        {
            // A signed-out session's user is read afresh on their next request, on this node at once.
            if (Guid.TryParse(context.HttpContext.User.FindFirstValue(HubClaims.UserId), out var userId))
            {
                context.HttpContext.RequestServices.GetRequiredService<CallerCache>().EvictUser(userId);
            }

            return Task.CompletedTask;
        };
    }

    public static ClaimsPrincipal Principal(Guid userId, string userName, Guid securityStamp) =>
        new(new ClaimsIdentity(
            [
                new Claim(HubClaims.UserId, userId.ToString()),
                new Claim(ClaimTypes.Name, userName),
                new Claim(HubClaims.SecurityStamp, securityStamp.ToString()),
            ], CookieAuthenticationDefaults.AuthenticationScheme));

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (principal is null ||
            !Guid.TryParse(principal.FindFirstValue(HubClaims.UserId), out var userId) ||
            !Guid.TryParse(principal.FindFirstValue(HubClaims.SecurityStamp), out var stamp))
        {
            context.RejectPrincipal();
            return;
        }

        var services = context.HttpContext.RequestServices;
        var cache = services.GetRequiredService<CallerCache>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var state = cache.Session(userId);
        if (state is null || state.SecurityStamp != stamp)
        {
            // Not cached, or cached with another stamp: the cookie may be newer than the entry (a password changed
            // through another node), so only the database may refuse it.
            var seen = cache.Generation;
            var credential = await services.GetRequiredService<HubDbContext>().UserCredentials.AsNoTracking()
                .SingleOrDefaultAsync(c => c.UserId == userId, context.HttpContext.RequestAborted);
            state = credential is null ? null : new CallerCache.SessionState(credential.SecurityStamp, credential.LockedUntil);
            if (state is not null)
            {
                cache.RememberSession(userId, state, seen);
            }
        }

        if (state is null || state.SecurityStamp != stamp || state.LockedUntil is { } until && until > now)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    private static async Task WriteProblemAsync(HttpContext context, int status, string title, string detail)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Hub.Server.Security");
        if (status == StatusCodes.Status401Unauthorized)
        {
            Log.Unauthenticated(logger, context.Request.Method, context.Request.Path);
        }
        else
        {
            Log.AccessDenied(logger, context.User.Identity?.Name ?? "?", context.Request.Method, context.Request.Path, detail);
        }

        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
