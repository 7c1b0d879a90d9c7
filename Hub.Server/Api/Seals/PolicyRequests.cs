using Hub.Activities.Organisations;
using Hub.Activities.Seals;
using Hub.Activities.Seals.Policy;
using Hub.Server.Api.Validation;
using Hub.Server.Seals.Policy;

namespace Hub.Server.Api.Seals;

/// <summary>A rule as an author writes it. On POST, <see cref="OrganisationId"/> names the owner; on PUT,
/// <see cref="Version"/> (optional) is the version edited, so a concurrent change is refused rather than lost; in a dry
/// run's <c>changed</c> list, <see cref="Id"/> names the rule.</summary>
internal sealed record PolicyRuleRequest
{
    public Guid? Id { get; init; }

    public Guid? OrganisationId { get; init; }

    public int? Version { get; init; }

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

    public PolicyRuleDraft ToDraft() => new()
    {
        Name = Name, Kind = Kind, Condition = Condition, SealTypes = SealTypes, MaxAmount = MaxAmount, Currency = Currency,
        RequiredRole = RequiredRole, RequiredScopeOrganisationId = RequiredScopeOrganisationId,
        ExplanationChinese = ExplanationChinese, ExplanationEnglish = ExplanationEnglish, Enabled = Enabled,
    };
}

/// <summary>One approval in a hypothetical request: the step, the decision and the decider's roles as <c>Role@/path/</c>.</summary>
internal sealed record ExplainApproval(string? Step, string? Decision, IReadOnlyList<string>? Roles);

/// <summary>A hypothetical seal use to judge against the policy of an organisation.</summary>
internal sealed record ExplainRequest : IValidatedRequest
{
    public Guid? OrganisationId { get; init; }

    public SealType? SealType { get; init; }

    public string? Category { get; init; }

    public decimal? Amount { get; init; }

    public string? Currency { get; init; }

    public string? Counterparty { get; init; }

    public bool Unattended { get; init; }

    public bool Emergency { get; init; }

    /// <summary>When the use would happen; now when absent.</summary>
    public DateTimeOffset? At { get; init; }

    public IReadOnlyList<ExplainApproval>? Approvals { get; init; }

    public void Validate(RequestErrors errors)
    {
        errors.Required("organisationId", OrganisationId);
        errors.Required("sealType", SealType);
        errors.Required("category", Category, 100);
        if (Currency is not null && (Currency.Length != 3 || !Currency.All(char.IsAsciiLetterUpper)))
        {
            errors.Add("currency", "'currency' is an ISO 4217 code such as CNY.");
        }

        if (Amount is < 0)
        {
            errors.Add("amount", "'amount' must not be negative.");
        }

        foreach (var (approval, index) in (Approvals ?? []).Select((a, i) => (a, i)))
        {
            errors.Required($"approvals[{index}].decision", approval.Decision, 20);
            if ((approval.Roles ?? []).Any(r => RoleAtPath.Parse(r) is null))
            {
                errors.Add($"approvals[{index}].roles", "Each role is written Role@/path/, e.g. Legal@/…/.");
            }
        }
    }
}

/// <summary>A proposed change set at one organisation, to judge against the latest recorded decisions.</summary>
internal sealed record DryRunRequest : IValidatedRequest
{
    public Guid? OrganisationId { get; init; }

    public IReadOnlyList<PolicyRuleRequest>? Added { get; init; }

    public IReadOnlyList<PolicyRuleRequest>? Changed { get; init; }

    public IReadOnlyList<Guid>? Removed { get; init; }

    /// <summary>How many of the latest decisions to judge: 1 to 1,000; 100 when absent.</summary>
    public int? Limit { get; init; }

    public void Validate(RequestErrors errors)
    {
        errors.Required("organisationId", OrganisationId);
        if (Limit is < 1 or > PolicyDryRun.MaxLimit)
        {
            errors.Add("limit", $"'limit' must be between 1 and {PolicyDryRun.MaxLimit}.");
        }

        foreach (var (change, index) in (Changed ?? []).Select((c, i) => (c, i)))
        {
            errors.Required($"changed[{index}].id", change.Id);
        }

        if ((Added?.Count ?? 0) + (Changed?.Count ?? 0) + (Removed?.Count ?? 0) == 0)
        {
            errors.Add("added", "Propose at least one rule to add, change or remove.");
        }
    }
}
