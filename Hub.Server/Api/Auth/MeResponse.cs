using Hub.Server.Api.Users;
using Hub.Server.Authorisation;

namespace Hub.Server.Api.Auth;

/// <summary>Who the caller is and what they hold.</summary>
internal sealed record MeResponse(Guid Id, CallerKind Kind, string UserName, string DisplayName, Guid OrganisationId,
    string OrganisationName, IReadOnlyList<RoleResponse> Roles)
{
    public static MeResponse From(Caller caller) => new(caller.Id, caller.Kind, caller.Name, caller.DisplayName,
        caller.OrganisationId, caller.OrganisationName,
        caller.Roles.Select(r => new RoleResponse(null, r.Role, r.OrganisationId, r.OrganisationName)).ToList());
}
