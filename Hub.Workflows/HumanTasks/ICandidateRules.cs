using Hub.Workflows.Activities;

namespace Hub.Workflows.HumanTasks;

/// <summary>The host's rules for what a candidate may say, checked when a definition is published so that a candidate
/// no directory could ever resolve (an unknown kind, role, position or scope) is a publish-time problem instead of a
/// task that waits for nobody.</summary>
public interface ICandidateRules
{
    /// <summary>Why <paramref name="candidate"/> can never resolve, or null when it may.</summary>
    string? Problem(ApprovalCandidate candidate);
}
