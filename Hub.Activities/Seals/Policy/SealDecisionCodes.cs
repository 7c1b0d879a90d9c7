namespace Hub.Activities.Seals.Policy;

/// <summary>The stable codes a <see cref="SealDecision"/> explains itself with.</summary>
public static class SealDecisionCodes
{
    /// <summary>The seal is frozen.</summary>
    public const string SealFrozen = "seal-frozen";

    /// <summary>The seal is revoked.</summary>
    public const string SealRevoked = "seal-revoked";

    /// <summary>The seal is active.</summary>
    public const string SealActive = "seal-active";

    /// <summary>No standing grant names the requester for this seal.</summary>
    public const string NoGrant = "no-grant";

    /// <summary>The grant's window has not begun.</summary>
    public const string GrantNotYetValid = "grant-not-yet-valid";

    /// <summary>The grant's window has ended.</summary>
    public const string GrantExpired = "grant-expired";

    /// <summary>The grant's uses are spent.</summary>
    public const string GrantExhausted = "grant-exhausted";

    /// <summary>The grant was revoked.</summary>
    public const string GrantRevoked = "grant-revoked";

    /// <summary>The amount is above the grant's limit, or in another currency.</summary>
    public const string GrantAmount = "grant-amount";

    /// <summary>The document category is not among the grant's.</summary>
    public const string GrantCategory = "grant-category";

    /// <summary>The request did not come through the approval flow the grant requires.</summary>
    public const string GrantDefinition = "grant-definition";

    /// <summary>The request is unattended and the grant does not allow that.</summary>
    public const string GrantUnattended = "grant-unattended";

    /// <summary>A standing grant covers the request.</summary>
    public const string GrantCovers = "grant-covers";

    /// <summary>A policy rule refused.</summary>
    public const string PolicyRule = PolicyWords.RuleCode;

    /// <summary>A policy rule's condition could not be evaluated, so it refused.</summary>
    public const string PolicyConditionError = PolicyWords.ConditionErrorCode;

    /// <summary>A policy rule was checked and passed.</summary>
    public const string PolicyPassed = PolicyWords.PassedCode;

    /// <summary>No policy rule applies.</summary>
    public const string PolicyNone = PolicyWords.NoneCode;

    /// <summary>Whether <paramref name="code"/> says no.</summary>
    public static bool IsRefusal(string code) =>
        code is not (SealActive or GrantCovers or PolicyPassed or PolicyNone);
}
