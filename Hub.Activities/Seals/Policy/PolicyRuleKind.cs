namespace Hub.Activities.Seals.Policy;

/// <summary>What a group-policy rule does when it applies. Every kind only restricts: a rule can refuse a use, never
/// allow one that something else refused, so the union of the rules along a path is the policy.</summary>
public enum PolicyRuleKind
{
    /// <summary>Refuse when the condition holds.</summary>
    Deny,

    /// <summary>When the condition holds, refuse unless the request carries an approval (decision <c>approve</c>) by
    /// someone holding <see cref="PolicyRule.RequiredRole"/> scoped at or above <see cref="PolicyRule.RequiredScopePath"/>.</summary>
    RequireApproval,

    /// <summary>Refuse an amount above <see cref="PolicyRule.MaxAmount"/> (or in another currency, which cannot be
    /// compared) for the rule's seal types.</summary>
    AmountLimit,

    /// <summary>Refuse unattended use (a flow sealing with no person stamping) when the condition holds.</summary>
    ForbidUnattended,
}
