using Hub.Activities.Identity.Persons;
using Hub.Activities.Identity.Providers;
using Hub.Activities.Identity.Verification;
using Hub.Server.Api.Organisations;
using Hub.Server.Authorisation;
using Hub.Server.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Hub.Server.Api.Identity;

/// <summary>
/// Scope checks for identity records, which live outside schema hub: a record belongs to an organisation, and the
/// caller's roles over that organisation's subtree decide. Reading needs any role; changing needs HqAdmin or
/// OrgAdmin, or being the person's own user (a person verifies themselves).
/// </summary>
internal static class IdentityAccess
{
    public static async Task<string?> PathOfAsync(HubDbContext db, Guid organisationId, CancellationToken cancellationToken) =>
        await db.Organisations.AsNoTracking().Where(o => o.Id == organisationId).Select(o => o.Path).SingleOrDefaultAsync(cancellationToken);

    public static async Task<ProblemHttpResult?> RefuseReadAsync(HubDbContext db, Guid organisationId, Caller caller, HttpContext context,
        CancellationToken cancellationToken) =>
        (await OrganisationAccess.ReadAsync(db, organisationId, caller, context, cancellationToken,
            "The identity record belongs to an organisation outside the caller's scope.")).Refusal;

    public static async Task<ProblemHttpResult?> RefuseActAsync(HubDbContext db, Person person, Caller caller, HttpContext context,
        CancellationToken cancellationToken)
    {
        if (caller.Kind == CallerKind.Person && person.UserId == caller.Id)
        {
            return null;
        }

        var path = await PathOfAsync(db, person.OrganisationId, cancellationToken);
        return path is not null && caller.CanAdminister(path)
            ? null
            : AccessDenial.Forbidden(context, caller, "Only the person themselves or an administrator over their organisation may do this.");
    }

    public static async Task<ProblemHttpResult?> RefuseAdministerAsync(HubDbContext db, Guid organisationId, Caller caller,
        HttpContext context, CancellationToken cancellationToken) =>
        (await OrganisationAccess.AdministerAsync(db, organisationId, caller, context,
            "Only an administrator over the organisation may manage its identity records.", cancellationToken)).Refusal;

    /// <summary>The answer for a provider, rate or state failure: never a success.</summary>
    public static ProblemHttpResult Failure(Exception exception, HttpContext context) => exception switch
    {
        IdentityRateLimitException limit => RateLimited(limit, context),
        IdentityProviderException { IsTransient: true } provider => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Identity provider unavailable", detail: provider.Message + " Nobody was verified; start again later."),
        IdentityProviderException provider => TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway,
            title: "Identity provider refused", detail: provider.Message + " Nobody was verified."),
        ArgumentException argument => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request",
            detail: argument.Message.Split(" (Parameter", 2)[0]),
        _ => Problems.Conflict(exception.Message),
    };

    private static ProblemHttpResult RateLimited(IdentityRateLimitException limit, HttpContext context)
    {
        context.Response.Headers.RetryAfter = Math.Ceiling(limit.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", detail: limit.Message);
    }
}
