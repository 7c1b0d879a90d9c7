using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hub.Server.Authorisation;

/// <summary>Refuses a call that is outside the caller's organisation scope, and records that it happened.</summary>
internal static class AccessDenial
{
    public static ProblemHttpResult Forbidden(HttpContext context, Caller caller, string reason)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Hub.Server.Security");
        Log.AccessDenied(logger, caller.ToString(), context.Request.Method, context.Request.Path, reason);
        return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: reason);
    }
}
