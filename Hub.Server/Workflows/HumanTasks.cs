using Hub.Server.Evidence;
using System.Text.Json;
using Hub.Activities.Organisations.Directory;
using Hub.Server.Workflows.Stores;
using Hub.Workflows.HumanTasks;
using Hub.Workflows.Runtime;

namespace Hub.Server.Workflows;

/// <summary>
/// The host's use cases on human tasks: claim, delegate, decide (resuming the instance), escalate when overdue. The
/// <see cref="HumanTask"/> aggregate decides whether an act is allowed; this class locks, asks it, persists what it
/// answered through <see cref="TaskStore"/>, journals who and when, and commits once.
/// </summary>
internal sealed class HumanTasks(WorkflowEngine engine, TimeProvider time)
{
    /// <summary>Escalation notifications' kind.</summary>
    public const string EscalatedNotification = "TaskEscalated";

    /// <summary>An act's outcome with the instance it touched and that instance's status afterwards.</summary>
    public sealed record Outcome(TaskAct Act, Guid InstanceId = default, string? InstanceStatus = null)
    {
        public bool Done => Act.Done;
    }

    public async Task<Outcome> ClaimAsync(Guid taskId, Guid actor, CancellationToken cancellationToken)
    {
        await using var tx = await engine.BeginAsync(cancellationToken);
        var (instance, stored) = await TaskStore.LockForActAsync(tx, taskId, cancellationToken);
        if (instance is null || stored is null)
        {
            return NotFound(taskId);
        }

        var act = stored.Task.Claim(actor);
        if (act.Done)
        {
            TaskStore.QueueAct(tx, act.Task!);
            TaskStore.QueueJournal(tx, instance.Id, stored.Task.NodeId, "TaskClaimed", actor.ToString(), time.GetUtcNow(), $"task {taskId} claimed");
            await tx.CommitAsync(cancellationToken);
        }

        return new Outcome(act, instance.Id, instance.Status.ToString());
    }

    public async Task<Outcome> DelegateAsync(Guid taskId, Guid actor, Guid to, string? comment, CancellationToken cancellationToken)
    {
        await using var tx = await engine.BeginAsync(cancellationToken);
        var (instance, stored) = await TaskStore.LockForActAsync(tx, taskId, cancellationToken);
        if (instance is null || stored is null)
        {
            return NotFound(taskId);
        }

        if (await Directory(tx).RefuseDelegateAsync(ScopeOf(instance), to, cancellationToken) is { } outside)
        {
            return new Outcome(TaskAct.Refused(TaskRefusal.DelegateOutsideOrganisation, outside), instance.Id);
        }

        var act = stored.Task.Delegate(actor, to);
        if (act.Done)
        {
            TaskStore.QueueAct(tx, act.Task!);
            TaskStore.QueueJournal(tx, instance.Id, stored.Task.NodeId, "TaskDelegated", actor.ToString(), time.GetUtcNow(),
                $"task {taskId} delegated to user {to}" + (comment is null ? "" : ": " + comment));
            await tx.CommitAsync(cancellationToken);
        }

        return new Outcome(act, instance.Id, instance.Status.ToString());
    }

    public async Task<Outcome> DecideAsync(Guid taskId, Guid actor, string decision, string? comment, CancellationToken cancellationToken)
    {
        await using var tx = await engine.BeginAsync(cancellationToken);
        var (instance, stored) = await TaskStore.LockForActAsync(tx, taskId, cancellationToken);
        if (instance is null || stored is null)
        {
            return NotFound(taskId);
        }

        var act = stored.Task.Decide(actor, decision);
        if (!act.Done)
        {
            return new Outcome(act, instance.Id, instance.Status.ToString());
        }

        var requestId = stored.Task.RequestId;
        var bookmark = instance.State.Bookmarks.FirstOrDefault(b => b.Kind == BookmarkKind.HumanTask && b.TaskRequestIds.Contains(requestId));
        if (bookmark is null)
        {
            return new Outcome(TaskAct.Refused(TaskRefusal.NoLongerAwaited, $"Task {taskId} is no longer awaited by its instance."), instance.Id);
        }

        var now = time.GetUtcNow();
        TaskStore.QueueDecision(tx, act.Task!, decision, comment, actor, now);
        TaskStore.QueueJournal(tx, instance.Id, stored.Task.NodeId, "TaskDecided", actor.ToString(), now,
            $"task {taskId}: {decision}" + (comment is null ? "" : ": " + comment));
        tx.RecordEvidence(DecisionEvidence.Of(instance, stored.Task, decision, comment, actor), now);
        var payload = JsonSerializer.SerializeToElement(new { taskId = requestId, decision, comment });
        try
        {
            var result = await engine.Committer.ApplyAsync(tx, instance, new ResumeStimulus(bookmark.Id, payload, actor.ToString()), cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return new Outcome(act, instance.Id, result.Status.ToString());
        }
        catch (StimulusRejectedException e)
        {
            return new Outcome(TaskAct.Refused(TaskRefusal.DecisionRefused, e.Message), instance.Id);
        }
    }

    /// <summary>An overdue task still open escalates once: the people its step names for that (escalateTo), else the
    /// administrators above the instance's organisation, join its candidates (DESIGN.md §3, "escalation on timeout"). False when the instance is busy: the caller already holds the
    /// work item, so waiting here for the instance would invert the host's lock order (instance first).</summary>
    public async Task<bool> EscalateAsync(WorkflowTransaction tx, Guid taskId, CancellationToken cancellationToken)
    {
        var peek = await TaskStore.ReadAsync(tx, taskId, forUpdate: false, cancellationToken);
        if (peek is null || peek.Task.Escalated || !peek.Task.IsOpen)
        {
            return true;
        }

        var instance = await Stores.InstanceStore.LockAsync(tx, peek.Task.InstanceId, cancellationToken, skipLocked: true);
        if (instance is null)
        {
            return false;
        }

        // The step may name who takes an overdue task (group HQ, for a review an emergency seal owes); resolved now, so it
        // reaches whoever holds those places today. Nobody there, or nothing named: the administrators above.
        var directory = Directory(tx);
        var targets = await TaskStore.EscalationTargetsAsync(tx, taskId, cancellationToken);
        var named = targets.Count > 0 ? (await directory.ResolveAsync(ScopeOf(instance), targets, cancellationToken)).People : [];
        var takers = named.Count > 0 ? named : await directory.AdministratorsAsync(ScopeOf(instance), cancellationToken);
        if (peek.Task.Escalate(takers) is not { } escalated)
        {
            return true;
        }

        TaskStore.QueueEscalation(tx, escalated);
        var now = time.GetUtcNow();
        var whom = named.Count > 0 ? $"{takers.Count} person(s) the step names" : $"{takers.Count} administrator(s)";
        TaskStore.QueueJournal(tx, instance.Id, peek.Task.NodeId, "TaskEscalated", null, now, $"task {taskId} overdue: escalated to {whom}");
        TaskStore.QueueNotifications(tx, [.. takers.Except(peek.Task.Candidates)], EscalatedNotification, "Overdue, now yours to decide: ", taskId, now);
        return true;
    }

    /// <summary>The directory over the organisation tree, read in <paramref name="tx"/>.</summary>
    public static ITaskDirectory Directory(WorkflowTransaction tx) => new OrganisationDirectory(new OrganisationTreeStore(tx));

    /// <summary>What the directory needs to know of <paramref name="instance"/>.</summary>
    public static TaskScope ScopeOf(InstanceRecord instance) => new(instance.OrganisationId, instance.OrganisationPath, instance.ApplicantId);

    private static Outcome NotFound(Guid taskId) => new(TaskAct.Refused(TaskRefusal.NotFound, $"No task {taskId}."));
}
