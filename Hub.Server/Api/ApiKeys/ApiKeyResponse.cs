using Hub.Activities.Organisations;
using Hub.Server.Authentication;

namespace Hub.Server.Api.ApiKeys;

/// <summary>An API key without its secret.</summary>
internal sealed record ApiKeyResponse(string KeyId, Guid OrganisationId, string Name, IReadOnlyList<Role> Roles,
    DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public static ApiKeyResponse From(ApiKey key) =>
        new(key.KeyId, key.OrganisationId, key.Name, key.Roles, key.CreatedAt, key.RevokedAt);
}

/// <summary>A newly issued key: the only time its secret is shown.</summary>
internal sealed record IssuedApiKeyResponse(string KeyId, string Secret, Guid OrganisationId, string Name,
    IReadOnlyList<Role> Roles, DateTimeOffset CreatedAt);
