using Hub.Activities.Organisations;
using Hub.Server.Api.Validation;

namespace Hub.Server.Api.ApiKeys;

/// <summary>Issues a key to a system (an OA, ERP …) acting for an organisation.</summary>
internal sealed record CreateApiKeyRequest(string? Name, IReadOnlyList<Role>? Roles) : IValidatedRequest
{
    public void Validate(RequestErrors errors)
    {
        errors.Required("name", Name, 100);
        if (Roles is null || Roles.Count == 0)
        {
            errors.Add("roles", "'roles' must list at least one role.");
        }
        else if (Roles.Any(r => r is Role.HqAdmin or Role.OrgAdmin))
        {
            // Administration stays with people: a leaked system key must not be able to create users or keys.
            errors.Add("roles", "API keys cannot hold HqAdmin or OrgAdmin.");
        }
        else if (Roles.Count > 10)
        {
            errors.Add("roles", "At most 10 roles.");
        }
    }
}
