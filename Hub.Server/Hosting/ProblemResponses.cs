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

    /// <summary>
    /// Gives every ProblemDetails a trace id, and the bare ones routing produces (unknown route, wrong method,
    /// wrong media type) a sentence a caller can act on.
    /// </summary>
    public static void Complete(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
        problem.Detail ??= problem.Status switch
        {
            StatusCodes.Status404NotFound => "No such route.",
            StatusCodes.Status405MethodNotAllowed => $"{context.HttpContext.Request.Method} is not allowed on this route.",
            StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
            _ => problem.Title,
        };
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

        if (exception.Message.Contains("no body was provided", StringComparison.Ordinal))
        {
            return "A JSON body is required.";
        }

        var binding = BindingFailure().Match(exception.Message);
        return binding.Success
            ? $"'{binding.Groups["name"].Value}' must be a {(binding.Groups["type"].Value == "Guid" ? "UUID" : binding.Groups["type"].Value)}, not '{binding.Groups["value"].Value}'."
            : exception.Message;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@" contained in type '[^']*'| to (type )?'?Hub\.[A-Za-z0-9_.`\[\]]+'?")]
    private static partial System.Text.RegularExpressions.Regex TypeName();

    [System.Text.RegularExpressions.GeneratedRegex("^Failed to bind parameter \"(?<type>[A-Za-z0-9_.?]+) (?<name>[A-Za-z0-9_]+)\" from \"(?<value>.{0,100}).*\"\\.$")]
    private static partial System.Text.RegularExpressions.Regex BindingFailure();
}
