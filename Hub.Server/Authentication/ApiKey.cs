using Hub.Activities.Organisations;

namespace Hub.Server.Authentication;

/// <summary>
/// A system's credential: a public key id and a shared secret for HMAC-signed requests, owned by one
/// organisation and holding roles over that organisation's subtree only. The secret is stored encrypted
/// (ASP.NET Core Data Protection) because the server must recompute signatures with it.
/// </summary>
internal sealed class ApiKey
{
    private ApiKey()
    {
        KeyId = string.Empty;
        Name = string.Empty;
        ProtectedSecret = string.Empty;
        Roles = [];
    }

    public ApiKey(string keyId, Guid organisationId, string name, string protectedSecret, Role[] roles,
        Guid createdBy, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        KeyId = keyId;
        OrganisationId = organisationId;
        Name = name;
        ProtectedSecret = protectedSecret;
        Roles = roles;
        CreatedBy = createdBy;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }

    /// <summary>The public identifier sent with each request ("hk_" + 24 hex digits).</summary>
    public string KeyId { get; private set; }

    public Guid OrganisationId { get; private set; }

    public string Name { get; private set; }

    public string ProtectedSecret { get; private set; }

    public Role[] Roles { get; private set; }

    public Guid CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public bool IsRevoked => RevokedAt is not null;

    /// <exception cref="InvalidOperationException">Already revoked.</exception>
    public void Revoke(DateTimeOffset now)
    {
        if (RevokedAt is not null)
        {
            throw new InvalidOperationException($"API key {KeyId} is already revoked.");
        }

        RevokedAt = now;
    }
}
