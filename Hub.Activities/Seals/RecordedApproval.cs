namespace Hub.Activities.Seals;

/// <summary>
/// One decision as the Hub recorded it on a human task (never as a flow's input claims it): which step, what was
/// decided, by whom and when.
/// </summary>
/// <param name="Step">The flow node id of the approval step.</param>
/// <param name="StepName">The step's display name, e.g. 法务审核.</param>
/// <param name="Decision">approve, reject or return.</param>
/// <param name="DeciderId">The decider's user id (pseudonymous: no name or ID number).</param>
/// <param name="DeciderName">The decider's display name as the Hub records it.</param>
/// <param name="DeciderRoles">The decider's roles when deciding, as <c>Role@organisation-path</c>, e.g. <c>Legal@/g/</c>.</param>
/// <param name="DecidedAt">When.</param>
public sealed record RecordedApproval(string Step, string StepName, string Decision, Guid DeciderId, string DeciderName,
    IReadOnlyList<string> DeciderRoles, DateTimeOffset DecidedAt);
