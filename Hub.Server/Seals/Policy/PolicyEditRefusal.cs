using Hub.Activities.Seals.Policy;

namespace Hub.Server.Seals.Policy;

/// <summary>Why a policy edit (or a dry run) was refused; the API maps each kind to HTTP in one place.</summary>
internal enum PolicyEditRefusalKind
{
    /// <summary>The organisation or rule does not exist (or the rule was removed).</summary>
    NotFound,

    /// <summary>The caller's scope does not cover the organisation that owns the rule.</summary>
    OutsideScope,

    /// <summary>The rule (or change set) has problems; every one is listed.</summary>
    Invalid,

    /// <summary>The rule changed since the version the caller edited.</summary>
    VersionMoved,
}

/// <summary>A refused policy edit: its kind, a sentence, and for <see cref="PolicyEditRefusalKind.Invalid"/> every problem.</summary>
internal sealed record PolicyEditRefusal(PolicyEditRefusalKind Kind, string Detail, IReadOnlyList<PolicyRuleProblem> Problems)
{
    public static PolicyEditRefusal NotFound(string detail) => new(PolicyEditRefusalKind.NotFound, detail, []);

    public static PolicyEditRefusal OutsideScope(string detail) => new(PolicyEditRefusalKind.OutsideScope, detail, []);

    public static PolicyEditRefusal Invalid(IReadOnlyList<PolicyRuleProblem> problems) =>
        new(PolicyEditRefusalKind.Invalid, $"The rule cannot be saved: {problems.Count} problem(s).", problems);
}

/// <summary>The rule as saved, or the refusal.</summary>
internal sealed record PolicyEditResult(PolicyRule? Rule, PolicyEditRefusal? Refusal)
{
    public static implicit operator PolicyEditResult(PolicyEditRefusal refusal) => new(null, refusal);
}
