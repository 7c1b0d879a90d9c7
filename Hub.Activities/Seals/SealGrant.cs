namespace Hub.Activities.Seals;

/// <summary>Whom a standing grant names.</summary>
public enum GranteeKind
{
    /// <summary>One user, by id.</summary>
    Person,

    /// <summary>Everyone holding a role (e.g. <c>Finance</c>) scoped over the seal's organisation.</summary>
    Role,

    /// <summary>Everyone whose home is in a department (by organisation id) or below it.</summary>
    Department,
}

/// <summary>
/// A standing seal authorisation (印章授权): who may use which seal, for which document categories, up to which amount,
/// within which window, how many times, after which approval flow, and whether a flow may use it unattended. Revoked
/// grants stop counting at once.
/// </summary>
public sealed record SealGrant
{
    /// <summary>The grant's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The seal it authorises.</summary>
    public required Guid SealId { get; init; }

    /// <summary>Whom it names.</summary>
    public required GranteeKind GranteeKind { get; init; }

    /// <summary>A user id, a role name, or a department's organisation id, by <see cref="GranteeKind"/>.</summary>
    public required string Grantee { get; init; }

    /// <summary>Document categories it covers; empty covers every category.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Highest amount per use; null for no limit.</summary>
    public decimal? AmountLimit { get; init; }

    /// <summary>Currency of <see cref="AmountLimit"/>.</summary>
    public string Currency { get; init; } = "CNY";

    /// <summary>Start of validity.</summary>
    public required DateTimeOffset ValidFrom { get; init; }

    /// <summary>End of validity (exclusive); null for open-ended.</summary>
    public DateTimeOffset? ValidUntil { get; init; }

    /// <summary>How many uses it allows; null for unlimited.</summary>
    public int? MaxUses { get; init; }

    /// <summary>How many uses it has had.</summary>
    public int Uses { get; init; }

    /// <summary>The workflow definition id whose approval must precede each use; null when none is required.</summary>
    public string? RequiredDefinitionId { get; init; }

    /// <summary>Whether a flow may seal under it with no person stamping.</summary>
    public bool AllowsUnattended { get; init; }

    /// <summary>When it was revoked; null while in force.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>Why it was revoked.</summary>
    public string? RevocationReason { get; init; }

    /// <summary>Who made it.</summary>
    public required Guid GrantedBy { get; init; }

    /// <summary>When it was made.</summary>
    public required DateTimeOffset GrantedAt { get; init; }
}
