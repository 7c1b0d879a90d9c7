using Hub.Activities.Organisations;
using Hub.Server.Api.Validation;

namespace Hub.Server.Api.Users;

/// <summary>A role to grant over an organisation's subtree.</summary>
internal sealed record RoleGrantRequest(Role? Role, Guid? OrganisationId) : IValidatedRequest
{
    public void Validate(RequestErrors errors) => Validate(errors, string.Empty);

    public void Validate(RequestErrors errors, string prefix)
    {
        errors.Required(prefix + "role", Role);
        errors.Required(prefix + "organisationId", OrganisationId);
    }
}
