namespace Hub.Activities.Organisations;

/// <summary>A role held by a user over one organisation and everything below it.</summary>
public sealed class RoleAssignment
{
    private RoleAssignment()
    {
    }

    internal RoleAssignment(Guid userId, Role role, Guid organisationId, DateTimeOffset grantedAt)
    {
        Id = Guid.NewGuid();
        UserId = userId;
        Role = role;
        OrganisationId = organisationId;
        GrantedAt = grantedAt;
    }

    /// <summary>Identifier.</summary>
    public Guid Id { get; private set; }

    /// <summary>Who holds it.</summary>
    public Guid UserId { get; private set; }

    /// <summary>What it allows.</summary>
    public Role Role { get; private set; }

    /// <summary>The root of the subtree it applies to.</summary>
    public Guid OrganisationId { get; private set; }

    /// <summary>When it was granted.</summary>
    public DateTimeOffset GrantedAt { get; private set; }
}
