using Hub.Activities.Organisations;
using Hub.Server.Authorisation;
using Hub.Server.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Hub.Server.Api.Organisations;

/// <summary>
/// Loads the organisation a route addresses and applies the caller's scope to it: 404 when it does not exist,
/// 403 (logged) when the caller may not read or administer it, else the organisation.
/// </summary>
internal static class OrganisationAccess
{
    public static Task<(Organisation? Organisation, ProblemHttpResult? Refusal)> ReadAsync(HubDbContext db, Guid id,
        Caller caller, HttpContext context, CancellationToken cancellationToken,
        string refusal = "The organisation is outside the caller's scope.") =>
        LoadAsync(db, id, context, caller, caller.CanRead, refusal, cancellationToken);

    public static Task<(Organisation? Organisation, ProblemHttpResult? Refusal)> AdministerAsync(HubDbContext db, Guid id,
        Caller caller, HttpContext context, string refusal, CancellationToken cancellationToken) =>
        LoadAsync(db, id, context, caller, caller.CanAdminister, refusal, cancellationToken);

    private static async Task<(Organisation?, ProblemHttpResult?)> LoadAsync(HubDbContext db, Guid id, HttpContext context,
        Caller caller, Func<string, bool> allowed, string refusal, CancellationToken cancellationToken)
    {
        var organisation = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (organisation is null)
        {
            return (null, Problems.NotFound($"No organisation {id}."));
        }

        return allowed(organisation.Path)
            ? (organisation, null)
            : (null, AccessDenial.Forbidden(context, caller, refusal));
    }
}
