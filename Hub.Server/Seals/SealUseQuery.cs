namespace Hub.Server.Seals;

/// <summary>A filter over the seal-use ledger; every query is bounded by the caller's readable subtrees.</summary>
internal sealed record SealUseQuery
{
    /// <summary>The roots of the subtrees the caller may read; a use outside all of them is never returned.</summary>
    public required IReadOnlyList<string> Roots { get; init; }

    /// <summary>Only uses of seals held at or below this organisation path (a subsidiary, or the group).</summary>
    public string? SubtreePath { get; init; }

    /// <summary>Only uses of this seal.</summary>
    public Guid? SealId { get; init; }

    /// <summary>Only uses by this person.</summary>
    public Guid? PersonId { get; init; }

    /// <summary>Only uses on this workflow instance (what one approval sealed).</summary>
    public Guid? InstanceId { get; init; }

    /// <summary>Only uses at or after this instant.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only uses before this instant.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Rows skipped (newest first).</summary>
    public int Offset { get; init; }

    /// <summary>Rows returned at most.</summary>
    public int Limit { get; init; } = 100;
}

/// <summary>A ledger row as readers see it: the use with its seal's name and type, its holder, and who stamped.</summary>
internal sealed record SealUseRow(SealUseEntry Use, string SealName, Hub.Activities.Seals.SealType SealType, Guid OrganisationId, string OrganisationName,
    string? PersonName);
