using Hub.Activities.Identity.Persons;
using Hub.Server.Api.Organisations;
using Hub.Server.Authorisation;
using Hub.Server.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Hub.Server.Api.Identity;

/// <summary>
/// Scope checks for identity records, which live outside schema hub: a record belongs to an organisation, and the
/// caller's roles over that organisation's subtree decide. Reading needs any role; changing needs HqAdmin or
/// OrgAdmin, or being the person's own user (a person verifies themselves).
/// </summary>
internal static class IdentityAccess
{
    public static async Task<string?> PathOfAsync(HubDbContext db, Guid organisationId, CancellationToken cancellationToken) =>
        await db.Organisations.AsNoTracking().Where(o => o.Id == organisationId).Select(o => o.Path).SingleOrDefaultAsync(cancellationToken);

    public static async Task<ProblemHttpResult?> RefuseReadAsync(HubDbContext db, Guid organisationId, Caller caller, HttpContext context,
        CancellationToken cancellationToken) =>
        (await OrganisationAccess.ReadAsync(db, organisationId, caller, context, cancellationToken,
            "The identity record belongs to an organisation outside the caller's scope.")).Refusal;

    public static async Task<ProblemHttpResult?> RefuseActAsync(HubDbContext db, Person person, Caller caller, HttpContext context,
        CancellationToken cancellationToken)
    {
        if (caller.Kind == CallerKind.Person && person.UserId == caller.Id)
        {
            return null;
        }

        var path = await PathOfAsync(db, person.OrganisationId, cancellationToken);
        return path is not null && caller.CanAdminister(path)
            ? null
            : AccessDenial.Forbidden(context, caller, "Only the person themselves or an administrator over their organisation may do this.");
    }

    public static async Task<ProblemHttpResult?> RefuseAdministerAsync(HubDbContext db, Guid organisationId, Caller caller,
        HttpContext context, CancellationToken cancellationToken) =>
        (await OrganisationAccess.AdministerAsync(db, organisationId, caller, context,
            "Only an administrator over the organisation may manage its identity records.", cancellationToken)).Refusal;
}
