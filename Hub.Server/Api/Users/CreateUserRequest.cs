using Hub.Server.Api.Validation;

namespace Hub.Server.Api.Users;

/// <summary>Registers a member with a first password and roles.</summary>
internal sealed record CreateUserRequest(Guid? OrganisationId, string? UserName, string? DisplayName,
    string? Password, IReadOnlyList<RoleGrantRequest?>? Roles) : IValidatedRequest
{
    public const int MinPasswordLength = 12;

    public void Validate(RequestErrors errors)
    {
        errors.Required("organisationId", OrganisationId);
        if (errors.Required("userName", UserName, 64) &&
            (UserName!.Length < 3 || !UserName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')))
        {
            errors.Add("userName", "'userName' must be 3 to 64 characters of letters, digits, '.', '-' and '_'.");
        }

        errors.Required("displayName", DisplayName, 100);
        if (string.IsNullOrEmpty(Password) || Password.Length < MinPasswordLength || Password.Length > 256)
        {
            errors.Add("password", $"'password' must be {MinPasswordLength} to 256 characters.");
        }

        if (Roles is { Count: > 20 })
        {
            errors.Add("roles", "At most 20 roles may be granted at once.");
            return;
        }

        for (var i = 0; i < (Roles?.Count ?? 0); i++)
        {
            if (Roles![i] is { } role)
            {
                role.Validate(errors, $"roles[{i}].");
            }
            else
            {
                errors.Add($"roles[{i}]", "A role must be an object with 'role' and 'organisationId'.");
            }
        }
    }
}
