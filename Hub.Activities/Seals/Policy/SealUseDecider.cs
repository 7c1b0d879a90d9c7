namespace Hub.Activities.Seals.Policy;

/// <summary>
/// Decides whether a seal may be used for a request: the seal must be active, a standing grant must name the
/// requester and cover the request, and the group policy must allow it. Every part is judged, so a refusal lists all
/// its reasons; pure, so a recorded request decides the same way again.
/// </summary>
public static class SealUseDecider
{
    /// <summary>The decision for <paramref name="request"/> on <paramref name="seal"/>.</summary>
    /// <exception cref="ArgumentException">The request is for another seal.</exception>
    public static SealDecision Decide(SealUseRequest request, Seal seal, IReadOnlyList<SealGrant> standingGrants,
        IReadOnlyList<PolicyRule> rulesAlongPath)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(seal);
        ArgumentNullException.ThrowIfNull(standingGrants);
        ArgumentNullException.ThrowIfNull(rulesAlongPath);
        if (request.SealId != seal.Id)
        {
            throw new ArgumentException($"The request is for seal {request.SealId}, not seal {seal.Id}.", nameof(request));
        }

        var refusals = new List<Explanation>();
        var passes = new List<Explanation>();
        (seal.Status == SealStatus.Active ? passes : refusals).Add(SealWords(seal));

        var (grant, grantWords) = CoveringGrant(request, seal, standingGrants);
        (grant is not null ? passes : refusals).AddRange(grantWords);

        var policy = GroupPolicy.Evaluate(request, rulesAlongPath);
        (policy.Allowed ? passes : refusals).AddRange(policy.Explanations);

        var ruleIds = policy.DecidingRuleIds.Concat(policy.CheckedRuleIds).Distinct().ToList();
        return new SealDecision(refusals.Count == 0, [.. refusals, .. passes], grant?.Id, ruleIds, policy, seal);
    }

    private static Explanation SealWords(Seal seal)
    {
        var zh = $"{seal.OrganisationName} {seal.Type.Chinese()}";
        var en = $"{seal.OrganisationName} {seal.Type.English()}";
        var reason = seal.StatusReason is { Length: > 0 } r ? r : "—";
        return seal.Status switch
        {
            SealStatus.Active => new(SealDecisionCodes.SealActive, $"通过：{zh} 状态正常", $"Allowed: {en} is active"),
            SealStatus.Frozen => new(SealDecisionCodes.SealFrozen, $"拒绝：{zh} 已冻结（{reason}）",
                $"Refused: {en} is frozen ({reason})"),
            _ => new(SealDecisionCodes.SealRevoked, $"拒绝：{zh} 已吊销（{reason}）", $"Refused: {en} is revoked ({reason})"),
        };
    }

    /// <summary>The first grant (oldest, then by id) that covers the request, or the reasons none does: one per grant
    /// that names the requester, or "no grant" when none names them.</summary>
    private static (SealGrant? Grant, IReadOnlyList<Explanation> Words) CoveringGrant(SealUseRequest request, Seal seal,
        IReadOnlyList<SealGrant> standingGrants)
    {
        var naming = standingGrants
            .Where(g => g.SealId == seal.Id && GrantCoverage.NamesRequester(g, request, seal))
            .OrderBy(g => g.GrantedAt).ThenBy(g => g.Id)
            .ToList();
        var reasons = new List<Explanation>();
        foreach (var grant in naming)
        {
            if (GrantCoverage.Refusal(grant, request, seal) is { } refusal)
            {
                reasons.Add(refusal);
            }
            else
            {
                return (grant, [new Explanation(SealDecisionCodes.GrantCovers,
                    $"通过：{seal.OrganisationName} {seal.Type.Chinese()} 授权 {grant.Id:N} 涵盖本次用印",
                    $"Allowed: {seal.OrganisationName} {seal.Type.English()}: grant {grant.Id:N} covers this use", grant.Id)]);
            }
        }

        if (reasons.Count == 0)
        {
            var who = request.RequesterId is { } id ? $"{id:N}" : "无人值守流程";
            var whoEn = request.RequesterId is { } idEn ? $"{idEn:N}" : "an unattended flow";
            reasons.Add(new Explanation(SealDecisionCodes.NoGrant,
                $"拒绝：{seal.OrganisationName} {seal.Type.Chinese()} 没有授予 {who} 的用印授权",
                $"Refused: {seal.OrganisationName} {seal.Type.English()}: no standing grant names {whoEn}"));
        }

        return (null, reasons);
    }
}
