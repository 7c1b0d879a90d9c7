using Hub.Workflows.Activities;
using Hub.Workflows.HumanTasks;

namespace Hub.Activities.Organisations.Directory;

/// <summary>
/// What an approval candidate may say in this domain (docs/workflow-format.md, "Candidates on a host"): a role of
/// <see cref="Role"/>, a position (<c>applicant</c>, <c>department-head</c>), and a scope (<c>organisation</c>,
/// <c>applicant</c>, <c>applicant-company</c>, <c>group-hq</c> or an organisation id). Anything else could never
/// resolve, so publishing refuses it.
/// </summary>
public sealed class CandidateRules : ICandidateRules
{
    /// <summary>The relative positions a candidate may name.</summary>
    public static readonly IReadOnlyList<string> Positions = ["applicant", "department-head"];

    /// <summary>The scope keywords a candidate may name (besides an organisation id).</summary>
    public static readonly IReadOnlyList<string> Scopes = ["organisation", "applicant", "applicant-company", "group-hq"];

    /// <inheritdoc/>
    public string? Problem(ApprovalCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return candidate.Kind switch
        {
            "role" when !Enum.TryParse<Role>(candidate.Value, ignoreCase: true, out var role) || !Enum.IsDefined(role) || int.TryParse(candidate.Value, out _) =>
                $"role '{candidate.Value}' is not one of {string.Join(", ", Enum.GetNames<Role>())}",
            "position" when !Positions.Contains(candidate.Value) =>
                $"position '{candidate.Value}' is not one of {string.Join(", ", Positions)}",
            "role" or "position" when candidate.Scope is { } scope && !Scopes.Contains(scope) && !Guid.TryParse(scope, out _) =>
                $"scope '{scope}' is not one of {string.Join(", ", Scopes)} nor an organisation id",
            _ => null,
        };
    }
}
