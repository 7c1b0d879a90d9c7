using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Hub.Server.Authorisation;
using Npgsql;

namespace Hub.Server.Api.Workflows;

/// <summary>Organisation paths for scope checks: every workflow call is decided by the caller's subtrees.</summary>
internal static class WorkflowScope
{
    public static async Task<string?> OrganisationPathAsync(NpgsqlDataSource db, Guid organisationId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT path FROM hub.organisations WHERE id = $1");
        command.Parameters.AddWithValue(organisationId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>The organisation's path when the caller may read it; otherwise the 404 or (logged) 403 to answer.</summary>
    public static async Task<(string? Path, ProblemHttpResult? Refusal)> ReadableAsync(NpgsqlDataSource db, Guid organisationId,
        Caller caller, HttpContext context, CancellationToken cancellationToken)
    {
        var path = await OrganisationPathAsync(db, organisationId, cancellationToken);
        if (path is null)
        {
            return (null, Problems.NotFound($"No organisation {organisationId}."));
        }

        return caller.CanRead(path)
            ? (path, null)
            : (null, AccessDenial.Forbidden(context, caller, "The organisation is outside the caller's scope."));
    }

    /// <summary>The organisation path owning a row of a workflow table (by the row's id), or null when none.</summary>
    public static async Task<(Guid OrganisationId, string Path)?> OwnerAsync(NpgsqlDataSource db, string table, Guid id, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(
            $"SELECT o.id, o.path FROM hub.{table} t JOIN hub.organisations o ON o.id = t.organisation_id WHERE t.id = $1");
        command.Parameters.AddWithValue(id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetGuid(0), reader.GetString(1)) : null;
    }
}
