namespace Hub.Activities.Seals.Policy;

/// <summary>What the group policy says about one request: allowed or not, and why, in both languages.</summary>
/// <param name="Allowed">True when no rule refused.</param>
/// <param name="Explanations">On a refusal, one per refusing rule; on an allow, one per rule checked (or one saying
/// none applied).</param>
/// <param name="DecidingRuleIds">The rules that refused; empty on an allow.</param>
/// <param name="CheckedRuleIds">Every rule in force for the request, in evaluation order.</param>
public sealed record PolicyOutcome(bool Allowed, IReadOnlyList<Explanation> Explanations,
    IReadOnlyList<Guid> DecidingRuleIds, IReadOnlyList<Guid> CheckedRuleIds);
