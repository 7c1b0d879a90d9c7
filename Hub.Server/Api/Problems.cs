using Hub.Server.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Hub.Server.Api;

/// <summary>The ProblemDetails answers handlers give besides validation and access refusals.</summary>
internal static class Problems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    /// <summary>
    /// Saves, turning a unique-index violation (a concurrent request won the race the handler's own check lost)
    /// into a 409; nothing is written in that case because the whole SaveChanges is one transaction.
    /// </summary>
    public static async Task<ProblemHttpResult?> SaveAsync(HubDbContext db, string conflictDetail,
        CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException
                                                  { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return Conflict(conflictDetail);
        }
    }
}
