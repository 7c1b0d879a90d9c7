using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Hub.Server.Authorisation;
using Hub.Server.Workflows.Stores;
using Npgsql;

namespace Hub.Server.Api.Workflows;

/// <summary>Organisation paths for scope checks: every workflow call is decided by the caller's subtrees.</summary>
internal static class WorkflowScope
{
    /// <summary>The organisation's path when the caller may read it; otherwise the 404 or (logged) 403 to answer.</summary>
    public static async Task<(string? Path, ProblemHttpResult? Refusal)> ReadableAsync(NpgsqlDataSource db, Guid organisationId,
        Caller caller, HttpContext context, CancellationToken cancellationToken)
    {
        var path = await OrganisationReads.PathAsync(db, organisationId, cancellationToken);
        if (path is null)
        {
            return (null, Problems.NotFound($"No organisation {organisationId}."));
        }

        return caller.CanRead(path)
            ? (path, null)
            : (null, AccessDenial.Forbidden(context, caller, "The organisation is outside the caller's scope."));
    }
}
