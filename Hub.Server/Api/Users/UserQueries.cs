using Hub.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Hub.Server.Api.Users;

/// <summary>Reads members with their roles and lockout state in two queries, whatever their number.</summary>
internal static class UserQueries
{
    public static async Task<List<UserResponse>> InSubtreeAsync(HubDbContext db, string path, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var ids = await db.Users.AsNoTracking()
            .Join(db.Organisations, u => u.OrganisationId, o => o.Id, (u, o) => new { u.Id, o.Path, u.UserName })
            .Where(x => x.Path.StartsWith(path))
            .OrderBy(x => x.UserName)
            .Select(x => x.Id)
            .ToListAsync(cancellationToken);
        return await ByIdsAsync(db, ids, now, cancellationToken);
    }

    public static async Task<List<UserResponse>> ByIdsAsync(HubDbContext db, List<Guid> ids, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Join(db.UserCredentials, u => u.Id, c => c.UserId,
                (u, c) => new { u.Id, u.UserName, u.DisplayName, u.OrganisationId, c.LockedUntil })
            .ToListAsync(cancellationToken);
        var roles = await db.RoleAssignments.AsNoTracking().Where(r => ids.Contains(r.UserId))
            .Join(db.Organisations, r => r.OrganisationId, o => o.Id,
                (r, o) => new { r.UserId, Role = new RoleResponse(r.Id, r.Role, o.Id, o.Name) })
            .ToListAsync(cancellationToken);
        var rolesByUser = roles.ToLookup(r => r.UserId, r => r.Role);
        var byId = users.ToDictionary(u => u.Id);
        return ids.Where(byId.ContainsKey).Select(id => byId[id]).Select(u => new UserResponse(u.Id, u.UserName,
            u.DisplayName, u.OrganisationId,
            rolesByUser[u.Id].OrderBy(r => r.Role).ThenBy(r => r.OrganisationName, StringComparer.Ordinal).ToList(),
            u.LockedUntil is { } until && until > now)).ToList();
    }
}
