using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hub.Server.Hosting;

/// <summary>
/// Turns exceptions into ProblemDetails: malformed requests become 400 with the parser's reason (the JSON path of a
/// wrong field), unsupported media types 415, and anything else 500 with a trace id and no internals.
/// </summary>
internal sealed partial class ProblemResponses(IProblemDetailsService problems, ILogger<ProblemResponses> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, bad.StatusCode == StatusCodes.Status415UnsupportedMediaType
                ? "Unsupported media type" : "Bad request", Describe(bad)),
            _ => (StatusCodes.Status500InternalServerError, "Internal error",
                "The Hub failed to handle the request; the trace id identifies it in the server log."),
        };
        if (status >= 500)
        {
            Log.UnhandledError(logger, exception, context.Request.Method, context.Request.Path);
        }

        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    private static string Describe(BadHttpRequestException exception)
    {
        if (exception.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return "Send the body as application/json.";
        }

        if (exception.InnerException is JsonException json)
        {
            // System.Text.Json names the path ("$.kind") and what it expected; that is what a caller needs.
            // Type names of the server are not the caller's business.
            var message = TypeName().Replace(json.Message, string.Empty).Replace(".NET member", "field of this request", StringComparison.Ordinal);
            return "The JSON body is malformed: " + message;
        }

        return exception.Message.Contains("no body was provided", StringComparison.Ordinal)
            ? "A JSON body is required."
            : exception.Message;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@" contained in type '[^']*'| to (type )?'?Hub\.[A-Za-z0-9_.`\[\]]+'?")]
    private static partial System.Text.RegularExpressions.Regex TypeName();
}
