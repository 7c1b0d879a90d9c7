using Hub.Workflows.Activities;

namespace Hub.Workflows.Runtime;

/// <summary>What one burst did. The host commits all of it in one transaction: the new state, bookmark rows
/// (insert new, delete cleared), journal rows, outbox rows and task rows.</summary>
/// <param name="State">The instance state after the burst.</param>
/// <param name="Status">The instance status after the burst.</param>
/// <param name="Journal">Node executions, in order.</param>
/// <param name="NewBookmarks">Bookmarks created.</param>
/// <param name="ClearedBookmarks">Bookmarks removed (resumed, cancelled, or cleared by a termination).</param>
/// <param name="OutboundMessages">Messages for the outbox.</param>
/// <param name="TaskRequests">Human task requests.</param>
/// <param name="Fault">The fault of this burst, if any (a transient one may come with a scheduled retry).</param>
/// <param name="Steps">Node executions counted against the step budget.</param>
public sealed record BurstResult(InstanceState State, WorkflowStatus Status, IReadOnlyList<JournalEntry> Journal,
    IReadOnlyList<Bookmark> NewBookmarks, IReadOnlyList<Bookmark> ClearedBookmarks, IReadOnlyList<OutboundMessage> OutboundMessages,
    IReadOnlyList<TaskRequest> TaskRequests, ActivityFault? Fault, int Steps);
