using Hub.Activities.Organisations;

namespace Hub.Activities.Seals.Policy;

/// <summary>
/// One group-control rule (集团管控) owned by an organisation and inherited by everything below it. The condition is
/// CEL over <c>request</c> (<see cref="PolicyConditions"/> lists its fields); the explanation words are the author's,
/// and a refusal quotes them, e.g. "金额超过 1,000,000 元需集团法务审批".
/// </summary>
public sealed record PolicyRule
{
    /// <summary>The rule's id; it keeps it across versions.</summary>
    public required Guid Id { get; init; }

    /// <summary>The organisation that owns the rule; only administrators over it may change it.</summary>
    public required Guid OrganisationId { get; init; }

    /// <summary>The owner's path; the rule applies to every request at or below it.</summary>
    public required string OrganisationPath { get; init; }

    /// <summary>The owner's name, for explanations.</summary>
    public required string OrganisationName { get; init; }

    /// <summary>A short name, e.g. 大额财务用章需法务审批.</summary>
    public required string Name { get; init; }

    /// <summary>What the rule does when it applies.</summary>
    public required PolicyRuleKind Kind { get; init; }

    /// <summary>CEL over <c>request</c> that must hold for the rule to apply; empty means always.</summary>
    public string Condition { get; init; } = "";

    /// <summary>The seal types the rule concerns; empty means every type.</summary>
    public IReadOnlyList<SealType> SealTypes { get; init; } = [];

    /// <summary><see cref="PolicyRuleKind.AmountLimit"/>: the highest amount allowed.</summary>
    public decimal? MaxAmount { get; init; }

    /// <summary><see cref="PolicyRuleKind.AmountLimit"/>: the currency of <see cref="MaxAmount"/>.</summary>
    public string Currency { get; init; } = "CNY";

    /// <summary><see cref="PolicyRuleKind.RequireApproval"/>: the role the approver must hold, e.g. Legal.</summary>
    public Role? RequiredRole { get; init; }

    /// <summary><see cref="PolicyRuleKind.RequireApproval"/>: the organisation (path) the role must be held at or above.</summary>
    public string? RequiredScopePath { get; init; }

    /// <summary>The author's explanation in Chinese, quoted after "拒绝：organisation seal".</summary>
    public required string ExplanationChinese { get; init; }

    /// <summary>The author's explanation in English, quoted after "Refused: organisation seal:".</summary>
    public required string ExplanationEnglish { get; init; }

    /// <summary>Whether the rule is in force; a disabled rule is kept (with its history) but not evaluated.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The version; each change is a new version.</summary>
    public int Version { get; init; } = 1;

    /// <summary>Whether the rule is in force for a request at <paramref name="organisationPath"/> for <paramref name="sealType"/>.</summary>
    public bool AppliesTo(string organisationPath, SealType sealType) =>
        Enabled && organisationPath.StartsWith(OrganisationPath, StringComparison.Ordinal)
                && (SealTypes.Count == 0 || SealTypes.Contains(sealType));
}
