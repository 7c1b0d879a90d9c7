using Npgsql;

namespace Hub.Server.Workflows.Stores;

/// <summary>What the workflow API and CLI read of the organisation tree to scope a call: an organisation's path, and
/// the applicant a run acts as.</summary>
internal static class OrganisationReads
{
    /// <summary>A user with their organisation and the group (top organisation) it belongs to.</summary>
    public sealed record Member(Guid UserId, Guid OrganisationId, string OrganisationPath, Guid GroupId, string GroupPath);

    /// <summary>The group at the root of the organisation tree, or null before one exists.</summary>
    public static async Task<(Guid Id, string Path)?> RootAsync(NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT id, path FROM hub.organisations WHERE parent_id IS NULL ORDER BY created_at LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetGuid(0), reader.GetString(1)) : null;
    }

    /// <summary>The organisation's materialised path; null when there is no such organisation.</summary>
    public static async Task<string?> PathAsync(NpgsqlDataSource db, Guid organisationId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT path FROM hub.organisations WHERE id = $1");
        command.Parameters.AddWithValue(organisationId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>The organisation's name; null when there is no such organisation.</summary>
    public static async Task<string?> NameAsync(NpgsqlDataSource db, Guid organisationId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT name FROM hub.organisations WHERE id = $1");
        command.Parameters.AddWithValue(organisationId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>The user named <paramref name="userName"/> (case-insensitive); null when there is none.</summary>
    public static async Task<Member?> MemberAsync(NpgsqlDataSource db, string userName, CancellationToken cancellationToken)
    {
        // The group is the shallowest organisation whose path starts the user's organisation's path.
        await using var command = db.CreateCommand("""
            SELECT u.id, u.organisation_id, o.path, g.id, g.path
            FROM hub.users u JOIN hub.organisations o ON o.id = u.organisation_id
            CROSS JOIN LATERAL (SELECT g.id, g.path FROM hub.organisations g WHERE o.path LIKE g.path || '%' ORDER BY length(g.path) LIMIT 1) g
            WHERE lower(u.user_name) = lower($1)
            """);
        command.Parameters.AddWithValue(userName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Member(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetGuid(3), reader.GetString(4))
            : null;
    }
}
