using Hub.Server.Api.Validation;
using Hub.Server.Authentication;
using Hub.Server.Authorisation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Hub.Server.Api.Auth;

/// <summary>Sign-in and sign-out of people, and "who am I" for every caller.</summary>
internal static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/auth").WithTags("Authentication");
        group.MapPost("/sign-in", SignInAsync).WithName("SignIn")
            .WithSummary("Sign in with user name and password; sets the session cookie.")
            .Validate<SignInRequest>()
            .Allow(AccessRule.Everyone("signing in is how a person becomes a caller"));
        group.MapPost("/sign-out", SignOutAsync).WithName("SignOut")
            .WithSummary("End the session.")
            .Allow(AccessRule.Scoped("a signed-in person (ends their own session)"));
        group.MapGet("/me", Me).WithName("Me")
            .WithSummary("Who is calling, with roles and their organisations.")
            .Allow(AccessRule.AnyCaller("answers about the caller only"));
        return routes;
    }

    private static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> SignInAsync(
        SignInRequest request, PasswordSignIn signIn, CallerResolver callers, HttpContext context,
        CancellationToken cancellationToken)
    {
        var outcome = await signIn.CheckAsync(request.UserName!, request.Password!, cancellationToken);
        if (outcome.User is null || outcome.Credential is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed",
                detail: outcome.Refusal);
        }

        var principal = SessionCookie.Principal(outcome.User.Id, outcome.User.UserName, outcome.Credential.SecurityStamp);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        var caller = await callers.ResolveAsync(principal, cancellationToken);
        return TypedResults.Ok(MeResponse.From(caller!));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SignOutAsync(Caller caller, HttpContext context,
        ILoggerFactory loggers)
    {
        if (caller.Kind != CallerKind.Person)
        {
            return AccessDenial.Forbidden(context, caller, "API keys have no session to end.");
        }

        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        Log.SignedOut(loggers.CreateLogger("Hub.Server.Security"), caller.Id);
        return TypedResults.NoContent();
    }

    private static Ok<MeResponse> Me(Caller caller) => TypedResults.Ok(MeResponse.From(caller));
}
