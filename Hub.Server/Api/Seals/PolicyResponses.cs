using Hub.Activities.Organisations;
using Hub.Activities.Seals;
using Hub.Activities.Seals.Policy;
using Hub.Server.Seals.Policy;

namespace Hub.Server.Api.Seals;

/// <summary>A rule as the API shows it, with its owner and whether it is the asked organisation's own or inherited.</summary>
internal sealed record PolicyRuleResponse(Guid Id, Guid OrganisationId, string OrganisationName, string OrganisationPath, bool Inherited,
    string Name, PolicyRuleKind Kind, string Condition, IReadOnlyList<SealType> SealTypes, decimal? MaxAmount, string Currency,
    Role? RequiredRole, string? RequiredScopePath, string ExplanationChinese, string ExplanationEnglish, bool Enabled, int Version)
{
    public static PolicyRuleResponse From(PolicyRule rule, Guid askedFor) => new(rule.Id, rule.OrganisationId, rule.OrganisationName,
        rule.OrganisationPath, rule.OrganisationId != askedFor, rule.Name, rule.Kind, rule.Condition, rule.SealTypes, rule.MaxAmount,
        rule.Currency, rule.RequiredRole, rule.RequiredScopePath, rule.ExplanationChinese, rule.ExplanationEnglish, rule.Enabled,
        rule.Version);
}

/// <summary>One version of a rule.</summary>
internal sealed record PolicyRuleVersionResponse(int Version, string Change, PolicyRuleResponse Rule, Guid? ChangedBy, DateTimeOffset ChangedAt);

/// <summary>What the policy says about a request, in Chinese and English.</summary>
internal sealed record PolicyOutcomeResponse(bool Allowed, IReadOnlyList<Explanation> Explanations, IReadOnlyList<Guid> DecidingRuleIds,
    IReadOnlyList<Guid> CheckedRuleIds)
{
    public static PolicyOutcomeResponse From(PolicyOutcome outcome) =>
        new(outcome.Allowed, outcome.Explanations, outcome.DecidingRuleIds, outcome.CheckedRuleIds);
}

/// <summary>One recorded decision the proposed change would alter, before and after.</summary>
internal sealed record DryRunDifferenceResponse(Guid DecisionId, DateTimeOffset DecidedAt, Guid SealId, SealType SealType,
    Guid OrganisationId, string OrganisationName, string Category, decimal? Amount, string Currency, bool RecordedAllowed,
    PolicyOutcomeResponse Before, PolicyOutcomeResponse After)
{
    public static DryRunDifferenceResponse From(PolicyDryRun.Difference difference)
    {
        var (decision, before, after) = (difference.Decision, difference.Before, difference.After);
        var request = decision.Request;
        return new(decision.Id, decision.DecidedAt, request.SealId, request.SealType, request.OrganisationId, request.OrganisationName,
            request.Category, request.Amount, request.Currency, decision.Allowed, PolicyOutcomeResponse.From(before),
            PolicyOutcomeResponse.From(after));
    }
}

/// <summary>The result of a dry run: how many decisions were judged, and those that would change.</summary>
internal sealed record DryRunResponse(int Evaluated, IReadOnlyList<DryRunDifferenceResponse> Changes);
