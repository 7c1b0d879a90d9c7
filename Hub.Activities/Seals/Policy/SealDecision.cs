namespace Hub.Activities.Seals.Policy;

/// <summary>
/// Whether a seal may be used for a request, combining the seal's status, the standing grants and the group policy,
/// with every reason in both languages.
/// </summary>
/// <param name="Allowed">True only when the seal is active, a standing grant covers the request and the policy allows it.</param>
/// <param name="Explanations">Refusals first (seal, grant, policy), then what passed.</param>
/// <param name="StandingGrantId">The standing grant that covers the request, when one does.</param>
/// <param name="RuleIds">The policy rules in force for the request (on a refusal by policy, the refusing ones first).</param>
/// <param name="Policy">The policy part alone, as <see cref="GroupPolicy.Evaluate"/> gave it.</param>
/// <param name="Seal">The seal as it was when decided (recorded with the decision).</param>
public sealed record SealDecision(bool Allowed, IReadOnlyList<Explanation> Explanations, Guid? StandingGrantId,
    IReadOnlyList<Guid> RuleIds, PolicyOutcome Policy, Seal Seal)
{
    /// <summary>The code of the first refusal (e.g. <c>seal-frozen</c>), or null when allowed.</summary>
    public string? RefusalCode => Allowed ? null : Explanations.FirstOrDefault(e => SealDecisionCodes.IsRefusal(e.Code))?.Code;
}
