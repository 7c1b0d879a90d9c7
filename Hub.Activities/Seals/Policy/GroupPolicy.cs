namespace Hub.Activities.Seals.Policy;

/// <summary>
/// Evaluates group control (集团管控): the rules of the request's organisation and of every ancestor, all of them, in
/// a fixed order. Rules only restrict, so inheritance is their union and a descendant's rule can only add a refusal.
/// A condition that cannot be evaluated refuses: a broken rule must not open a gap.
/// </summary>
public static class GroupPolicy
{
    /// <summary>The policy outcome for <paramref name="request"/> under <paramref name="rulesAlongPath"/> (rules owned
    /// elsewhere, and disabled ones, are ignored, so a caller may pass more than the path).</summary>
    public static PolicyOutcome Evaluate(SealUseRequest request, IReadOnlyList<PolicyRule> rulesAlongPath)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(rulesAlongPath);
        var inForce = rulesAlongPath
            .Where(r => r.AppliesTo(request.OrganisationPath, request.SealType))
            .OrderBy(r => r.OrganisationPath.Length).ThenBy(r => r.OrganisationPath, StringComparer.Ordinal)
            .ThenBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Id)
            .ToList();

        var refusals = new List<Explanation>();
        var passes = new List<Explanation>();
        var deciding = new List<Guid>();
        foreach (var rule in inForce)
        {
            if (Judge(rule, request) is { } refusal)
            {
                refusals.Add(refusal);
                deciding.Add(rule.Id);
            }
            else
            {
                passes.Add(PolicyWords.Passed(request, rule));
            }
        }

        var checkedIds = inForce.Select(r => r.Id).ToList();
        if (refusals.Count > 0)
        {
            return new PolicyOutcome(false, refusals, deciding, checkedIds);
        }

        return new PolicyOutcome(true, passes.Count > 0 ? passes : [PolicyWords.NoneApplied(request)], [], checkedIds);
    }

    /// <summary>The rule's refusal of the request, or null when it lets it through.</summary>
    private static Explanation? Judge(PolicyRule rule, SealUseRequest request)
    {
        var (holds, error) = PolicyConditions.Evaluate(rule.Condition, request);
        if (error is not null)
        {
            return PolicyWords.ConditionFailed(request, rule, error);
        }

        if (!holds)
        {
            return null;
        }

        var refuses = rule.Kind switch
        {
            PolicyRuleKind.Deny => true,
            PolicyRuleKind.RequireApproval => !HasRequiredApproval(rule, request),
            PolicyRuleKind.AmountLimit => request.Amount is { } amount
                && (!string.Equals(request.Currency, rule.Currency, StringComparison.OrdinalIgnoreCase)
                    || amount > (rule.MaxAmount ?? decimal.MaxValue)),
            PolicyRuleKind.ForbidUnattended => request.Unattended,
            // An unknown kind cannot be judged; refusing keeps the policy restrict-only.
            _ => true,
        };
        return refuses ? PolicyWords.Refused(request, rule) : null;
    }

    private static bool HasRequiredApproval(PolicyRule rule, SealUseRequest request)
    {
        if (rule.RequiredRole is not { } role || rule.RequiredScopePath is not { } scope)
        {
            return false;
        }

        var roleName = role.ToString();
        return request.Approvals.Any(a =>
            string.Equals(a.Decision, "approve", StringComparison.OrdinalIgnoreCase)
            && a.DeciderRoles.Any(text => RoleAtPath.Parse(text)?.Covers(roleName, scope) == true));
    }
}
