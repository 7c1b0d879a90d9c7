using Hub.Activities.Organisations;
using Hub.Activities.Seals;
using Hub.Activities.Seals.Policy;

namespace Hub.Server.Seals.Policy;

/// <summary>A rule's content as an author submits it; the approval scope is named by organisation id.</summary>
internal sealed record PolicyRuleDraft
{
    public string? Name { get; init; }

    public PolicyRuleKind? Kind { get; init; }

    public string? Condition { get; init; }

    public IReadOnlyList<SealType>? SealTypes { get; init; }

    public decimal? MaxAmount { get; init; }

    public string? Currency { get; init; }

    public Role? RequiredRole { get; init; }

    public Guid? RequiredScopeOrganisationId { get; init; }

    public string? ExplanationChinese { get; init; }

    public string? ExplanationEnglish { get; init; }

    public bool? Enabled { get; init; }

    /// <summary>The rule owned by <paramref name="owner"/>, with the scope already resolved to a path.</summary>
    public PolicyRule ToRule(Guid id, PolicyOwner owner, string? requiredScopePath, int version) => new()
    {
        Id = id, OrganisationId = owner.Id, OrganisationPath = owner.Path, OrganisationName = owner.Name,
        Name = Name?.Trim() ?? "", Kind = Kind ?? (PolicyRuleKind)(-1), Condition = Condition?.Trim() ?? "",
        SealTypes = SealTypes ?? [], MaxAmount = MaxAmount, Currency = Currency?.Trim() ?? "CNY", RequiredRole = RequiredRole,
        RequiredScopePath = requiredScopePath, ExplanationChinese = ExplanationChinese?.Trim() ?? "",
        ExplanationEnglish = ExplanationEnglish?.Trim() ?? "", Enabled = Enabled ?? true, Version = version,
    };
}
