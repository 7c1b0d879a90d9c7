using Hub.Workflows.Activities;

namespace Hub.Workflows.HumanTasks;

/// <summary>
/// Who the people of a task are: the engine asks, the domain answers over its organisation tree. The engine knows no
/// organisations, roles or positions; it hands over the <see cref="ApprovalCandidate"/>s a definition wrote and gets
/// person ids back.
/// </summary>
public interface ITaskDirectory
{
    /// <summary>Resolves <paramref name="candidates"/> for an instance in <paramref name="scope"/>.</summary>
    Task<CandidateResolution> ResolveAsync(TaskScope scope, IReadOnlyList<ApprovalCandidate> candidates, CancellationToken cancellationToken);

    /// <summary>Who an overdue task, or a task whose step declares escalation when nobody resolves, goes to: the
    /// administrators nearest above the instance's organisation.</summary>
    Task<IReadOnlyList<Guid>> AdministratorsAsync(TaskScope scope, CancellationToken cancellationToken);

    /// <summary>Whether a task of an instance in <paramref name="scope"/> may be delegated to <paramref name="person"/>
    /// (a person of the instance's organisation line: below it or above it); the refusal sentence, or null.</summary>
    Task<string?> RefuseDelegateAsync(TaskScope scope, Guid person, CancellationToken cancellationToken);
}
