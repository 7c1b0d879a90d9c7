using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Workflows.Runtime;

namespace Hub.Workflows.Activities.Core;

/// <summary>Asks people to decide. Emits task requests (candidates as data the host resolves), suspends on their ids
/// and interprets the decisions the host resumes it with. A return ends the node at once on Returned, or, with
/// <c>returnTo: applicant</c>, hands the matter back to the applicant, who resubmits (a new round of the same tasks)
/// or withdraws (Returned).</summary>
[Activity("Approval", "Human tasks", "Approval", "Creates approval tasks for candidates and waits for their decisions.")]
[Outcomes("Approved", "Rejected", "Returned")]
[Output("decisions", "array", "every decision: taskId, decision, actor, comment, round")]
internal sealed class ApprovalActivity : Activity
{
    /// <summary>Who a returned approval goes back to: the person who started the instance.</summary>
    public static readonly ApprovalCandidate Applicant = new("position", "applicant");

    [Input(Description = "What is to be approved.", Required = true, Order = 0)]
    public string Title { get; set; } = "";

    [Input(Description = "Users, roles over an organisation subtree, or relative positions.", UiHint = UiHints.Candidates, Required = true, Order = 1)]
    public IReadOnlyList<ApprovalCandidate> Candidates { get; set; } = [];

    [Input(Description = "any, all, quorum or sequential.", UiHint = UiHints.Dropdown, DefaultJson = "\"any\"", LiteralOnly = true, Order = 2)]
    public ApprovalMode Mode { get; set; }

    [Input(Description = "For quorum: approvals needed.", DefaultJson = "0", LiteralOnly = true, Order = 3)]
    public int Quorum { get; set; }

    [Input(Description = "Time allowed per task, ISO 8601 (e.g. P3D).", UiHint = UiHints.Duration, Order = 4)]
    public TimeSpan? DueIn { get; set; }

    [Input(Description = "Remind the open task's candidates this often, ISO 8601 (e.g. P1D); the first reminder one interval after the task is created.",
        UiHint = UiHints.Duration, Order = 5)]
    public TimeSpan? RemindEvery { get; set; }

    [Input(Description = "The most reminders per task (1 to 20).", DefaultJson = "3", LiteralOnly = true, Order = 6)]
    public int ReminderLimit { get; set; } = 3;

    [Input(Description = "end: a return ends the node on Returned. applicant: the applicant revises and resubmits (a new round) or withdraws (Returned).",
        UiHint = UiHints.Dropdown, DefaultJson = "\"end\"", LiteralOnly = true, Order = 7)]
    public ApprovalReturn ReturnTo { get; set; }

    [Input(Description = "With returnTo applicant: how many times the matter may go back (1 to 10); the next return ends on Returned.",
        DefaultJson = "3", LiteralOnly = true, Order = 8)]
    public int MaxReturns { get; set; } = 3;

    [Input(Description = "When the candidates resolve to nobody at run time — fault: the node faults with an incident naming them; escalate: the administrators above the instance's organisation decide.",
        UiHint = UiHints.Dropdown, DefaultJson = "\"fault\"", LiteralOnly = true, Order = 9)]
    public WhenNoCandidate WhenNoCandidate { get; set; }

    [Input(Description = "Who an overdue task goes to (users, roles, positions), e.g. group HQ's legal for a review after an emergency seal; empty: the administrators above the instance's organisation.",
        UiHint = UiHints.Candidates, DefaultJson = "[]", LiteralOnly = true, Order = 10)]
    public IReadOnlyList<ApprovalCandidate> EscalateTo { get; set; } = [];

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        if (Candidates.Count == 0)
        {
            throw new ActivityFaultException($"approval '{context.NodeId}' has no candidates", false, "invalid-input");
        }

        if (Mode == ApprovalMode.Quorum && (Quorum < 1 || Quorum > Candidates.Count))
        {
            throw new ActivityFaultException(
                $"approval '{context.NodeId}': quorum {Quorum} must be between 1 and the {Candidates.Count} candidates", false, "invalid-input");
        }

        if (MaxReturns is < 1 or > 10)
        {
            throw new ActivityFaultException($"approval '{context.NodeId}': maxReturns {MaxReturns} must be between 1 and 10", false, "invalid-input");
        }

        var progress = Ask(context, new ApprovalProgress([], [], 1), 0);
        return Suspend(context, progress);
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var progress = context.NodeData?.Deserialize<ApprovalProgress>()
            ?? throw new InvalidOperationException($"approval '{context.NodeId}' resumed without its progress");
        var decision = ReadDecision(context, progress);
        progress.Open.Remove(decision.TaskId);
        progress.Decisions.Add(decision);
        context.SetOutput("decisions", JsonSerializer.SerializeToElement(progress.Decisions));

        if (decision.Decision is "resubmit" or "withdraw")
        {
            return decision.Decision == "resubmit"
                ? Suspend(context, Ask(context, progress with { Open = [], NextSlot = 1, Resubmission = null }, progress.Round + 1))
                : ValueTask.FromResult(ActivityResult.Complete("Returned"));
        }

        if (decision.Decision == "return" && ReturnTo == ApprovalReturn.Applicant && progress.Round < MaxReturns)
        {
            // The round ends here: its other open tasks are dropped (the host cancels tasks no bookmark awaits).
            // An instance a system started has no applicant: its organisation's administrators take the returned matter.
            var request = context.RequestTask("Returned for revision: " + Title, [Applicant], Due(context), 0, Reminders(context),
                $"r{progress.Round}/resubmit", WhenNoCandidate.Escalate, EscalateTo);
            return Suspend(context, progress with { Open = [request.Id], Resubmission = request.Id });
        }

        var current = progress.Decisions.Where(x => x.Round == progress.Round).ToList();
        var approvals = current.Count(x => x.Decision == "approve");
        var rejections = current.Count(x => x.Decision == "reject");
        string? outcome = decision.Decision switch
        {
            "return" => "Returned",
            "reject" when Mode != ApprovalMode.Quorum => "Rejected",
            "reject" when Candidates.Count - rejections < Quorum => "Rejected",
            "approve" when Mode == ApprovalMode.Any => "Approved",
            "approve" when Mode == ApprovalMode.All && progress.Open.Count == 0 => "Approved",
            "approve" when Mode == ApprovalMode.Quorum && approvals >= Quorum => "Approved",
            "approve" when Mode == ApprovalMode.Sequential && progress.NextSlot == Candidates.Count => "Approved",
            _ => null,
        };
        if (outcome is not null)
        {
            return ValueTask.FromResult(ActivityResult.Complete(outcome));
        }

        if (Mode == ApprovalMode.Sequential)
        {
            progress.Open.Add(context.RequestTask(Title, [Candidates[progress.NextSlot]], Due(context), progress.NextSlot, Reminders(context),
                RoundName(progress.Round), WhenNoCandidate, EscalateTo).Id);
            progress = progress with { NextSlot = progress.NextSlot + 1 };
        }

        return Suspend(context, progress);
    }

    /// <summary>Requests round <paramref name="round"/>'s first tasks: one for any, the first for sequential, one per
    /// candidate entry otherwise.</summary>
    private ApprovalProgress Ask(ActivityContext context, ApprovalProgress progress, int round)
    {
        var (due, reminders, name) = (Due(context), Reminders(context), RoundName(round));
        List<string> open = Mode switch
        {
            ApprovalMode.Any => [context.RequestTask(Title, Candidates, due, 0, reminders, name, WhenNoCandidate, EscalateTo).Id],
            ApprovalMode.Sequential => [context.RequestTask(Title, [Candidates[0]], due, 0, reminders, name, WhenNoCandidate, EscalateTo).Id],
            _ => [.. Candidates.Select((c, i) => context.RequestTask(Title, [c], due, i, reminders, name, WhenNoCandidate, EscalateTo).Id)],
        };
        return progress with { Open = open, Round = round };
    }

    private static ValueTask<ActivityResult> Suspend(ActivityContext context, ApprovalProgress progress)
    {
        context.SetNodeData(JsonSerializer.SerializeToElement(progress));
        return ValueTask.FromResult(ActivityResult.Suspend(new BookmarkRequest(BookmarkKind.HumanTask, TaskRequestIds: [.. progress.Open])));
    }

    // Round 0 keeps the ids approvals had before rounds existed, so instances started earlier resume unchanged.
    private static string? RoundName(int round) => round == 0 ? null : $"r{round}";

    private DateTimeOffset? Due(ActivityContext context) => DueIn is { } d ? context.Now + d : null;

    private TaskReminders? Reminders(ActivityContext context)
    {
        if (RemindEvery is not { } every)
        {
            return null;
        }

        if (every <= TimeSpan.Zero)
        {
            throw new ActivityFaultException($"approval '{context.NodeId}': remindEvery must be a positive duration", false, "invalid-input");
        }

        if (ReminderLimit is < 1 or > TaskReminders.MaxLimit)
        {
            throw new ActivityFaultException(
                $"approval '{context.NodeId}': reminderLimit {ReminderLimit} must be between 1 and {TaskReminders.MaxLimit}", false, "invalid-input");
        }

        return new TaskReminders(every, ReminderLimit);
    }

    private static ApprovalDecision ReadDecision(ActivityContext context, ApprovalProgress progress)
    {
        var payload = context.ResumePayload is { ValueKind: JsonValueKind.Object } p ? JsonNode.Parse(p.GetRawText())!.AsObject() : null;
        var taskId = payload?["taskId"]?.GetValueKind() == JsonValueKind.String ? payload["taskId"]!.GetValue<string>() : null;
        var verdict = payload?["decision"]?.GetValueKind() == JsonValueKind.String ? payload["decision"]!.GetValue<string>() : null;
        if (taskId is null || !progress.Open.Contains(taskId))
        {
            throw new StimulusRejectedException(
                $"approval '{context.NodeId}': task '{taskId}' is not open (open: {string.Join(", ", progress.Open)})");
        }

        // The host found nobody to ask and the step does not escalate: fault, naming who was missing, so an operator
        // fixes the organisation and retries (the retried attempt asks again) instead of a task waiting for nobody.
        if (payload!["unresolved"]?.GetValueKind() == JsonValueKind.String)
        {
            throw new ActivityFaultException(
                $"approval '{context.NodeId}': no candidate resolved to a person: {payload["unresolved"]!.GetValue<string>()}", false, "no-candidate");
        }

        if (verdict is not ("approve" or "reject" or "return"))
        {
            throw new StimulusRejectedException(
                $"approval '{context.NodeId}': decision '{verdict}' is not one of approve, reject, return");
        }

        // On the applicant's task of a returned approval, approve means resubmit; reject or return means withdraw.
        if (taskId == progress.Resubmission)
        {
            verdict = verdict == "approve" ? "resubmit" : "withdraw";
        }

        var comment = payload!["comment"]?.GetValueKind() == JsonValueKind.String ? payload["comment"]!.GetValue<string>() : null;
        return new ApprovalDecision(taskId, verdict, context.Actor, comment, progress.Round);
    }

    internal sealed record ApprovalProgress(List<string> Open, List<ApprovalDecision> Decisions, int NextSlot, int Round = 0,
        string? Resubmission = null);

    internal sealed record ApprovalDecision(string TaskId, string Decision, string? Actor, string? Comment, int Round = 0);
}
