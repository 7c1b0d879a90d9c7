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
