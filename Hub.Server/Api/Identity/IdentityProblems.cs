using System.Globalization;
using Hub.Activities.Identity;
using Hub.Activities.Identity.Verification;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hub.Server.Api.Identity;

/// <summary>The one place an identity refusal becomes an HTTP answer, by its <see cref="IdentityFailure"/> code: never
/// a success, and never decided by reading the message.</summary>
internal static class IdentityProblems
{
    public static ProblemHttpResult From(IdentityException refusal, HttpContext context) => refusal.Failure switch
    {
        IdentityFailure.RateLimited => RateLimited(refusal, context),
        IdentityFailure.ProviderUnavailable => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Identity provider unavailable", detail: refusal.Message + " Nobody was verified; start again later."),
        IdentityFailure.ProviderRefused => TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway,
            title: "Identity provider refused", detail: refusal.Message + " Nobody was verified."),
        IdentityFailure.InvalidInput or IdentityFailure.CertificationRequestRefused => TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: refusal.Message),
        IdentityFailure.NotFound => Problems.NotFound(refusal.Message),
        IdentityFailure.OutOfScope => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: refusal.Message),
        // WrongState, AuthenticationUnusable, Duplicate, ConcurrentChange, PersonalDataUnreadable: the record's state refuses.
        _ => Problems.Conflict(refusal.Message),
    };

    private static ProblemHttpResult RateLimited(IdentityException refusal, HttpContext context)
    {
        if (refusal is IdentityRateLimitException limit)
        {
            context.Response.Headers.RetryAfter = Math.Ceiling(limit.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", detail: refusal.Message);
    }
}
