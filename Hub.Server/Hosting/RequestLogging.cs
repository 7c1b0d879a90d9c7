using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hub.Server.Hosting;

/// <summary>
/// One line per request: method, path (no query string: it may carry tokens), status, time and who called
/// (a user or key id). Headers and bodies are never logged; they carry cookies, signatures and personal data.
/// </summary>
internal sealed class RequestLogging(RequestDelegate next, ILogger<RequestLogging> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        // Taken before the pipeline runs: default files and the designer fallback rewrite the path.
        var path = context.Request.Path;
        try
        {
            await next(context);
        }
        finally
        {
            var caller = context.User.Identity?.IsAuthenticated == true
                ? context.User.Identity.Name ?? "?"
                : "anonymous";
            Log.RequestCompleted(logger, context.Request.Method, path, context.Response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, caller);
        }
    }
}
