using Hub.Activities.Organisations;

namespace Hub.Server.Api.Users;

/// <summary>A role over a subtree; <c>id</c> addresses the assignment when it can be withdrawn.</summary>
internal sealed record RoleResponse(Guid? Id, Role Role, Guid OrganisationId, string OrganisationName);
