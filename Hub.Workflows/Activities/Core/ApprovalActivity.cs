using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Workflows.Runtime;

namespace Hub.Workflows.Activities.Core;

/// <summary>Asks people to decide. Emits task requests (candidates as data the host resolves), suspends on their ids
/// and interprets the decisions the host resumes it with. A return (send back) ends the node at once.</summary>
[Activity("Approval", "Human tasks", "Approval", "Creates approval tasks for candidates and waits for their decisions.")]
[Outcomes("Approved", "Rejected", "Returned")]
[Output("decisions", "array", "every decision: taskId, decision, actor, comment")]
internal sealed class ApprovalActivity : Activity
{
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

        var reminders = Reminders(context);
        var due = DueIn is { } d ? context.Now + d : (DateTimeOffset?)null;
        List<string> open = Mode switch
        {
            ApprovalMode.Any => [context.RequestTask(Title, Candidates, due, 0, reminders).Id],
            ApprovalMode.Sequential => [context.RequestTask(Title, [Candidates[0]], due, 0, reminders).Id],
            _ => [.. Candidates.Select((c, i) => context.RequestTask(Title, [c], due, i, reminders).Id)],
        };
        context.SetNodeData(JsonSerializer.SerializeToElement(new ApprovalProgress(open, [], 1)));
        return ValueTask.FromResult(ActivityResult.Suspend(new BookmarkRequest(BookmarkKind.HumanTask, TaskRequestIds: open)));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var progress = context.NodeData?.Deserialize<ApprovalProgress>()
            ?? throw new InvalidOperationException($"approval '{context.NodeId}' resumed without its progress");
        var decision = ReadDecision(context, progress);
        progress.Open.Remove(decision.TaskId);
        progress.Decisions.Add(decision);
        context.SetOutput("decisions", JsonSerializer.SerializeToElement(progress.Decisions));

        var approvals = progress.Decisions.Count(x => x.Decision == "approve");
        var rejections = progress.Decisions.Count(x => x.Decision == "reject");
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
            var due = DueIn is { } d ? context.Now + d : (DateTimeOffset?)null;
            progress.Open.Add(context.RequestTask(Title, [Candidates[progress.NextSlot]], due, progress.NextSlot, Reminders(context)).Id);
            progress = progress with { NextSlot = progress.NextSlot + 1 };
        }

        context.SetNodeData(JsonSerializer.SerializeToElement(progress));
        return ValueTask.FromResult(ActivityResult.Suspend(new BookmarkRequest(BookmarkKind.HumanTask, TaskRequestIds: [.. progress.Open])));
    }

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

        if (verdict is not ("approve" or "reject" or "return"))
        {
            throw new StimulusRejectedException(
                $"approval '{context.NodeId}': decision '{verdict}' is not one of approve, reject, return");
        }

        var comment = payload!["comment"]?.GetValueKind() == JsonValueKind.String ? payload["comment"]!.GetValue<string>() : null;
        return new ApprovalDecision(taskId, verdict, context.Actor, comment);
    }

    internal sealed record ApprovalProgress(List<string> Open, List<ApprovalDecision> Decisions, int NextSlot);

    internal sealed record ApprovalDecision(string TaskId, string Decision, string? Actor, string? Comment);
}
