using Hub.Server.Authorisation;
using Hub.Server.Seals;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hub.Server.Api.Seals;

/// <summary>The one place a seal-ledger refusal becomes an HTTP answer, by its kind; the stable code travels as <c>code</c>.</summary>
internal static class SealProblems
{
    public static ProblemHttpResult From(SealRefusal refusal, HttpContext context, Caller caller) => refusal.Kind switch
    {
        // Logged like every other scope refusal, so a probe across subsidiaries leaves a trace.
        SealRefusalKind.Forbidden => AccessDenial.Forbidden(context, caller, refusal.Message),
        SealRefusalKind.NotFound => Problem(StatusCodes.Status404NotFound, "Not found", refusal),
        SealRefusalKind.Conflict => Problem(StatusCodes.Status409Conflict, "Conflict", refusal),
        _ => Problem(StatusCodes.Status422UnprocessableEntity, "Unprocessable request", refusal),
    };

    private static ProblemHttpResult Problem(int status, string title, SealRefusal refusal) =>
        TypedResults.Problem(statusCode: status, title: title, detail: refusal.Message, extensions: new Dictionary<string, object?> { ["code"] = refusal.Code });
}
