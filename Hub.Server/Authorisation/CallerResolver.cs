using System.Security.Claims;
using Hub.Activities.Organisations;
using Hub.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Hub.Server.Authorisation;

/// <summary>Turns an authenticated principal into a <see cref="Caller"/> with its roles and their subtrees, through
/// the node's <see cref="CallerCache"/> (see there for how soon a change takes effect).</summary>
internal sealed class CallerResolver(HubDbContext db, CallerCache cache)
{
    private Caller? _resolved;

    public async Task<Caller?> ResolveAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (_resolved is not null)
        {
            return _resolved;
        }

        if (Guid.TryParse(principal.FindFirstValue(HubClaims.UserId), out var userId))
        {
            _resolved = await ResolvePersonAsync(userId, cancellationToken);
        }
        else if (Guid.TryParse(principal.FindFirstValue(HubClaims.ApiKey), out var keyRowId))
        {
            _resolved = await ResolveSystemAsync(keyRowId, cancellationToken);
        }

        return _resolved;
    }

    private async Task<Caller?> ResolvePersonAsync(Guid userId, CancellationToken cancellationToken)
    {
        if (cache.Person(userId) is { } cached)
        {
            return cached;
        }

        var seen = cache.Generation;
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Join(db.Organisations, u => u.OrganisationId, o => o.Id, (u, o) => new { u.Id, u.UserName, u.DisplayName, u.OrganisationId, OrganisationName = o.Name })
            .SingleOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return null;
        }

        var roles = await db.RoleAssignments.AsNoTracking()
            .Where(r => r.UserId == userId)
            .Join(db.Organisations, r => r.OrganisationId, o => o.Id,
                (r, o) => new ScopedRole(r.Role, o.Id, o.Name, o.Path))
            .ToListAsync(cancellationToken);
        var caller = new Caller(CallerKind.Person, user.Id, user.UserName, user.DisplayName, user.OrganisationId,
            user.OrganisationName, roles);
        cache.RememberPerson(caller, seen);
        return caller;
    }

    private async Task<Caller?> ResolveSystemAsync(Guid keyRowId, CancellationToken cancellationToken)
    {
        if (cache.System(keyRowId) is { } cached)
        {
            return cached;
        }

        var seen = cache.Generation;
        var key = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Id == keyRowId && k.RevokedAt == null)
            .Join(db.Organisations, k => k.OrganisationId, o => o.Id, (k, o) => new { Key = k, Organisation = o })
            .SingleOrDefaultAsync(cancellationToken);
        if (key is null)
        {
            return null;
        }

        var roles = key.Key.Roles
            .Select(role => new ScopedRole(role, key.Organisation.Id, key.Organisation.Name, key.Organisation.Path))
            .ToList();
        var caller = new Caller(CallerKind.System, key.Key.Id, key.Key.KeyId, key.Key.Name, key.Organisation.Id,
            key.Organisation.Name, roles);
        cache.RememberSystem(caller, seen);
        return caller;
    }
}
