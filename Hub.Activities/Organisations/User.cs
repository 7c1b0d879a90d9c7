namespace Hub.Activities.Organisations;

/// <summary>A person who works in the group: a member of one organisation, holding roles over subtrees.</summary>
public sealed class User
{
    private readonly List<RoleAssignment> _roles = [];

    private User()
    {
        UserName = string.Empty;
        DisplayName = string.Empty;
    }

    /// <summary>Registers a member of <paramref name="organisation"/>.</summary>
    public User(Organisation organisation, string userName, string displayName, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        OrganisationId = organisation.Id;
        UserName = userName;
        DisplayName = displayName;
        CreatedAt = now;
    }

    /// <summary>Identifier.</summary>
    public Guid Id { get; private set; }

    /// <summary>The organisation the person belongs to (usually a department).</summary>
    public Guid OrganisationId { get; private set; }

    /// <summary>Sign-in name, unique in the Hub, compared case-insensitively.</summary>
    public string UserName { get; private set; }

    /// <summary>Name shown to others.</summary>
    public string DisplayName { get; private set; }

    /// <summary>When the member was registered.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The roles held, each over a subtree.</summary>
    public IReadOnlyCollection<RoleAssignment> Roles => _roles;

    /// <summary>Grants <paramref name="role"/> over <paramref name="scope"/>'s subtree.</summary>
    /// <exception cref="InvalidOperationException">The role is already held there.</exception>
    public RoleAssignment Grant(Role role, Organisation scope, DateTimeOffset now)
    {
        if (_roles.Any(r => r.Role == role && r.OrganisationId == scope.Id))
        {
            throw new InvalidOperationException($"{UserName} already holds {role} over {scope.Name}.");
        }

        var assignment = new RoleAssignment(Id, role, scope.Id, now);
        _roles.Add(assignment);
        return assignment;
    }

    /// <summary>Withdraws one role assignment.</summary>
    /// <exception cref="InvalidOperationException">No such assignment.</exception>
    public void Withdraw(Guid assignmentId)
    {
        var assignment = _roles.SingleOrDefault(r => r.Id == assignmentId)
            ?? throw new InvalidOperationException($"{UserName} holds no role assignment {assignmentId}.");
        _roles.Remove(assignment);
    }
}
