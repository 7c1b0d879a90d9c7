using Hub.Activities.Organisations;
using Hub.Activities.Organisations.Directory;

namespace Hub.Server.Workflows.Stores;

/// <summary>The organisation tree as the task directory reads it, inside the transaction of the act that asks (a
/// burst creating tasks, an escalation, a delegation), on prepared statements because every task creation repeats them.</summary>
internal sealed class OrganisationTreeStore(WorkflowTransaction tx) : IOrganisationTree
{
    public async Task<IReadOnlyList<OrganisationEntry>> GroupAsync(string rootPath, Guid? applicantId, CancellationToken cancellationToken)
    {
        // Guid.Empty names no user; a typed parameter keeps the one prepared statement for both cases.
        await using var all = await tx.PreparedAsync("""
            SELECT id, path, kind, id = (SELECT organisation_id FROM hub.users WHERE id = $2) FROM hub.organisations WHERE path LIKE $1 || '%'
            """, cancellationToken, rootPath, applicantId ?? Guid.Empty);
        await using var reader = await all.ExecuteReaderAsync(cancellationToken);
        var entries = new List<OrganisationEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new OrganisationEntry(reader.GetGuid(0), reader.GetString(1), Enum.Parse<OrganisationKind>(reader.GetString(2)),
                !reader.IsDBNull(3) && reader.GetBoolean(3)));
        }

        return entries;
    }

    public async Task<string?> HomePathAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var home = await tx.PreparedAsync(
            "SELECT o.path FROM hub.users u JOIN hub.organisations o ON o.id = u.organisation_id WHERE u.id = $1", cancellationToken, userId);
        return await home.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<Guid?> FindUserAsync(string idOrName, CancellationToken cancellationToken)
    {
        await using var command = tx.Command("SELECT id FROM hub.users WHERE id::text = $1 OR lower(user_name) = lower($1)", idOrName);
        return await command.ExecuteScalarAsync(cancellationToken) is Guid id ? id : null;
    }

    public async Task<IReadOnlyList<RoleHolding>> HoldersAsync(IReadOnlyCollection<Role> roles, string scopePath, CancellationToken cancellationToken)
    {
        await using var command = await tx.PreparedAsync("""
            SELECT r.user_id, o.path FROM hub.role_assignments r JOIN hub.organisations o ON o.id = r.organisation_id
            WHERE r.role = ANY($1) AND $2 LIKE o.path || '%'
            """, cancellationToken, roles.Select(r => r.ToString()).ToArray(), scopePath);
        var found = new List<RoleHolding>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new RoleHolding(reader.GetGuid(0), reader.GetString(1)));
        }

        return found;
    }
}
