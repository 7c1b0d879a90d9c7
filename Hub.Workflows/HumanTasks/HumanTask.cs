namespace Hub.Workflows.HumanTasks;

/// <summary>
/// A human task: one request of an approval node, decided by one of its candidates. It guards its own rules — only a
/// candidate acts, a claimed task belongs to its assignee, a closed task takes no act — and every act returns a
/// <see cref="TaskAct"/> instead of changing anything when refused. The host persists the result and journals it.
/// </summary>
/// <param name="Id">The task's id.</param>
/// <param name="RequestId">The id of the request the approval node emitted and its bookmark waits for.</param>
/// <param name="InstanceId">The instance.</param>
/// <param name="NodeId">The approval node.</param>
/// <param name="Status">Where the task is.</param>
/// <param name="Candidates">Who may act on it (person ids).</param>
/// <param name="Assignee">Who claimed it, or null.</param>
/// <param name="Escalated">Whether it was escalated (an overdue task escalates once).</param>
public sealed record HumanTask(Guid Id, string RequestId, Guid InstanceId, string NodeId, HumanTaskStatus Status,
    IReadOnlyList<Guid> Candidates, Guid? Assignee, bool Escalated)
{
    /// <summary>The decisions a person may give: approve, reject, or return to the applicant.</summary>
    public static readonly IReadOnlyList<string> Decisions = ["approve", "reject", "return"];

    /// <summary>Whether the task still waits for someone.</summary>
    public bool IsOpen => Status is HumanTaskStatus.Open or HumanTaskStatus.Claimed;

    /// <summary>Takes the task so the other candidates leave it.</summary>
    public TaskAct Claim(Guid actor) =>
        Refusal(actor) ?? (Status == HumanTaskStatus.Claimed
            ? TaskAct.Refused(TaskRefusal.AlreadyClaimed, $"Task {Id} is already claimed.")
            : TaskAct.Of(this with { Status = HumanTaskStatus.Claimed, Assignee = actor }));

    /// <summary>Hands the task to <paramref name="to"/>, who replaces the actor among the candidates and holds it.</summary>
    public TaskAct Delegate(Guid actor, Guid to) =>
        Refusal(actor) ?? TaskAct.Of(this with
        {
            Status = HumanTaskStatus.Claimed, Assignee = to, Candidates = [.. Candidates.Where(c => c != actor).Append(to).Distinct()],
        });

    /// <summary>Decides the task with one of <see cref="Decisions"/>.</summary>
    public TaskAct Decide(Guid actor, string decision) =>
        Refusal(actor) ?? (Decisions.Contains(decision)
            ? TaskAct.Of(this with { Status = HumanTaskStatus.Decided, Assignee = actor })
            : TaskAct.Refused(TaskRefusal.DecisionRefused, $"'{decision}' is not one of {string.Join(", ", Decisions)}."));

    /// <summary>Escalates an open task once: <paramref name="to"/> join its candidates. Null when there is nothing to
    /// do (closed, escalated before).</summary>
    public HumanTask? Escalate(IReadOnlyCollection<Guid> to) =>
        !IsOpen || Escalated ? null : this with { Escalated = true, Candidates = [.. Candidates.Union(to)] };

    /// <summary>Cancels the task because no bookmark waits for its request any more.</summary>
    public HumanTask Cancel() => this with { Status = HumanTaskStatus.Cancelled };

    private TaskAct? Refusal(Guid actor)
    {
        if (!Candidates.Contains(actor))
        {
            return TaskAct.Refused(TaskRefusal.NotCandidate, $"The caller is not a candidate for task {Id}.");
        }

        if (!IsOpen)
        {
            return TaskAct.Refused(TaskRefusal.Closed, $"Task {Id} is {Status.ToString().ToLowerInvariant()}.");
        }

        return Status == HumanTaskStatus.Claimed && Assignee != actor
            ? TaskAct.Refused(TaskRefusal.ClaimedByAnother, $"Task {Id} is claimed by another candidate.")
            : null;
    }
}
