namespace Hub.Activities.Organisations;

/// <summary>
/// A node of the group tree: the group itself, a subsidiary, or a department. The materialised <see cref="Path"/>
/// ("/root/child/…/self/", ids in 32-digit hex) lets "is inside this subtree" be one prefix test.
/// </summary>
public sealed class Organisation
{
    /// <summary>How deep the tree may grow; deeper structures are refused rather than slowing every scope check.</summary>
    public const int MaxDepth = 8;

    private Organisation()
    {
        Name = string.Empty;
        Path = string.Empty;
    }

    private Organisation(Guid id, Guid? parentId, string parentPath, OrganisationKind kind, string name,
        string? creditCode, string? legalRepresentative, DateTimeOffset createdAt)
    {
        Id = id;
        ParentId = parentId;
        Kind = kind;
        Name = name;
        CreditCode = creditCode;
        LegalRepresentative = legalRepresentative;
        Path = parentPath + id.ToString("N") + "/";
        CreatedAt = createdAt;
    }

    /// <summary>Identifier.</summary>
    public Guid Id { get; private set; }

    /// <summary>The parent, or null for the group.</summary>
    public Guid? ParentId { get; private set; }

    /// <summary>Group, subsidiary or department.</summary>
    public OrganisationKind Kind { get; private set; }

    /// <summary>Registered or display name.</summary>
    public string Name { get; private set; }

    /// <summary>Unified social credit code of a legal entity (group, subsidiary); null for departments.</summary>
    public string? CreditCode { get; private set; }

    /// <summary>Name of the legal representative of a legal entity.</summary>
    public string? LegalRepresentative { get; private set; }

    /// <summary>Ids from the root down to this node, "/a/b/c/".</summary>
    public string Path { get; private set; }

    /// <summary>When it was registered in the Hub.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Depth in the tree, the group being 1.</summary>
    public int Depth => Path.Count(c => c == '/') - 1;

    /// <summary>Registers a group headquarters: the root of a new tree.</summary>
    public static Organisation CreateGroup(string name, string creditCode, string legalRepresentative,
        DateTimeOffset now) =>
        new(Guid.NewGuid(), null, "/", OrganisationKind.Group, name, creditCode, legalRepresentative, now);

    /// <summary>Adds a subsidiary or department below this node.</summary>
    /// <exception cref="InvalidOperationException">The kind may not sit here, or the tree would grow too deep.</exception>
    public Organisation AddChild(OrganisationKind kind, string name, string? creditCode, string? legalRepresentative,
        DateTimeOffset now)
    {
        var refusal = RefuseChild(kind);
        if (refusal is not null)
        {
            throw new InvalidOperationException(refusal);
        }

        var isLegalEntity = kind != OrganisationKind.Department;
        return new Organisation(Guid.NewGuid(), Id, Path, kind, name,
            isLegalEntity ? creditCode : null, isLegalEntity ? legalRepresentative : null, now);
    }

    /// <summary>Why a child of this kind may not be added here, or null when it may.</summary>
    public string? RefuseChild(OrganisationKind kind)
    {
        if (Depth >= MaxDepth)
        {
            return $"The organisation tree may be at most {MaxDepth} levels deep.";
        }

        return kind switch
        {
            OrganisationKind.Group => "A group is always the root of its own tree; it cannot be placed below another organisation.",
            OrganisationKind.Subsidiary when Kind == OrganisationKind.Department =>
                "A subsidiary cannot be placed below a department.",
            _ => null,
        };
    }

    /// <summary>Whether <paramref name="other"/> is this node or lies below it.</summary>
    public bool Contains(Organisation other) => other.Path.StartsWith(Path, StringComparison.Ordinal);
}
