namespace Hub.Server.Api.Users;

/// <summary>A member as the API shows it; the password hash never leaves the server.</summary>
internal sealed record UserResponse(Guid Id, string UserName, string DisplayName, Guid OrganisationId,
    IReadOnlyList<RoleResponse> Roles, bool LockedOut);
