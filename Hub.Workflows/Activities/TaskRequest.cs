namespace Hub.Workflows.Activities;

/// <summary>A request for a human task, emitted by an approval node; the host resolves the candidates to people,
/// creates the task record and later resumes the node with the decision.</summary>
/// <param name="Id">Stable id: instance, node, iteration and slot.</param>
/// <param name="NodeId">The approval node.</param>
/// <param name="Title">What is to be decided.</param>
/// <param name="Candidates">Who may decide.</param>
/// <param name="DueAt">When it is due, or null.</param>
/// <param name="Slot">Its position among the node's requests (sequential approvals run in slot order).</param>
/// <param name="Reminders">When to remind the people it waits for, or null for never.</param>
/// <param name="WhenNoCandidate">What the host does when the candidates resolve to nobody.</param>
/// <param name="EscalateTo">Who the task goes to once it is overdue, resolved when it falls due; null or empty: the
/// administrators above the instance's organisation.</param>
public sealed record TaskRequest(string Id, string NodeId, string Title, IReadOnlyList<ApprovalCandidate> Candidates,
    DateTimeOffset? DueAt, int Slot, TaskReminders? Reminders = null, WhenNoCandidate WhenNoCandidate = WhenNoCandidate.Fault,
    IReadOnlyList<ApprovalCandidate>? EscalateTo = null);
