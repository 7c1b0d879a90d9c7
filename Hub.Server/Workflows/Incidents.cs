using System.Text.Json;
using Hub.Server.Workflows.Stores;
using Hub.Workflows.Incidents;
using Hub.Workflows.Runtime;

namespace Hub.Server.Workflows;

/// <summary>
/// Operators' acts on incidents (DESIGN.md §3, "Faults"): retry runs the faulted node again or delivers the failed
/// messages again; skip completes the faulted node with an outcome, or resumes the node of a failed delivery as
/// failed; cancel cancels the instance. Each act locks the instance first (the host's lock order), resolves the
/// incident and acts in one transaction, and answers an <see cref="InstanceAct"/>; a refusal writes nothing.
/// Access checks are the caller's, before.
/// </summary>
internal sealed class Incidents(WorkflowEngine engine, TimeProvider time)
{
    /// <summary>The response a node waiting for a delivery is resumed with when an operator skips the delivery.</summary>
    private static readonly JsonElement SkippedDelivery =
        JsonSerializer.SerializeToElement(new { succeeded = false, status = 0, body = "delivery skipped by an operator" });

    public Task<InstanceAct> RetryAsync(Guid incidentId, string actor, CancellationToken cancellationToken) =>
        ActAsync(incidentId, IncidentStatus.Retried, actor, async (tx, instance, incident, at) =>
        {
            if (incident.Kind == IncidentKind.Delivery)
            {
                OutboxStore.QueueRedelivery(tx, instance.Id, incident.NodeId!, at);
                return new InstanceAct.Done(instance.Id, instance.Status);
            }

            var result = await engine.Committer.ApplyAsync(tx, instance, new RetryStimulus(incident.NodeId!, actor), cancellationToken);
            return new InstanceAct.Done(instance.Id, result.Status);
        }, cancellationToken);

    public Task<InstanceAct> SkipAsync(Guid incidentId, string outcome, string actor, CancellationToken cancellationToken) =>
        ActAsync(incidentId, IncidentStatus.Skipped, actor, async (tx, instance, incident, at) =>
        {
            var nodeId = incident.NodeId!;
            if (incident.Kind == IncidentKind.Fault)
            {
                try
                {
                    var skipped = await engine.Committer.ApplyAsync(tx, instance, new SkipStimulus(nodeId, outcome, actor), cancellationToken);
                    return new InstanceAct.Done(instance.Id, skipped.Status);
                }
                catch (StimulusRejectedException e) when (instance.Status == WorkflowStatus.Faulted && instance.State.Fault?.NodeId == nodeId)
                {
                    // Still faulted at this node, so the engine refused the outcome itself (its message names the node's outcomes).
                    return new InstanceAct.OutcomeRefused(nodeId, outcome, e.Message);
                }
            }

            var bookmark = instance.State.Bookmarks.FirstOrDefault(b => b.Kind == BookmarkKind.OutboundCompletion && b.NodeId == nodeId);
            if (bookmark is null)
            {
                return new InstanceAct.NoLongerWaiting($"Instance {instance.Id} no longer waits for a delivery of node '{nodeId}'.");
            }

            // The node decides its own outcome from the failed response; the operator names it, so a skip never
            // completes the node other than as asked (the burst is discarded, not committed, when it differs).
            var result = await engine.Committer.ApplyAsync(tx, instance, new ResumeStimulus(bookmark.Id, SkippedDelivery, actor), cancellationToken);
            var taken = result.Journal.Where(j => j.NodeId == nodeId && j.Event == JournalEvent.Completed).SelectMany(j => j.Outcomes).ToList();
            return taken.Contains(outcome, StringComparer.Ordinal)
                ? new InstanceAct.Done(instance.Id, result.Status)
                : new InstanceAct.OutcomeRefused(nodeId, outcome, taken.Count == 0
                    ? $"Node '{nodeId}' does not complete when its delivery is skipped (the instance would be {result.Status.ToString().ToLowerInvariant()}); cancel the instance instead."
                    : $"Node '{nodeId}' completes with outcome '{string.Join("', '", taken)}' when its delivery is skipped, not '{outcome}'.");
        }, cancellationToken);

    public Task<InstanceAct> CancelAsync(Guid incidentId, string actor, CancellationToken cancellationToken) =>
        ActAsync(incidentId, IncidentStatus.Cancelled, actor, (tx, instance, incident, at) =>
            Task.FromResult<InstanceAct>(WorkflowEngine.QueueCancel(tx, instance, actor, $"incident {incident.Id} cancelled", at)
                ? new InstanceAct.Done(instance.Id, WorkflowStatus.Cancelled)
                : new InstanceAct.InstanceEnded(instance.Id, instance.Status)), cancellationToken);

    /// <summary>Locks the incident's instance and the incident, queues its resolution and runs <paramref name="act"/>;
    /// commits only when the act is done.</summary>
    private async Task<InstanceAct> ActAsync(Guid incidentId, IncidentStatus resolution, string actor,
        Func<WorkflowTransaction, InstanceRecord, IncidentStore.Incident, DateTimeOffset, Task<InstanceAct>> act, CancellationToken cancellationToken)
    {
        await using var tx = await engine.BeginAsync(cancellationToken);
        var (instance, incident) = await IncidentStore.LockAsync(tx, incidentId, cancellationToken);
        if (instance is null || incident is null)
        {
            return new InstanceAct.NotFound($"incident {incidentId}");
        }

        if (incident.Status != IncidentStatus.Open)
        {
            return new InstanceAct.AlreadyResolved(incidentId, incident.Status);
        }

        var at = time.GetUtcNow();
        IncidentStore.QueueResolved(tx, incidentId, resolution, actor, at);
        InstanceAct done;
        try
        {
            done = await act(tx, instance, incident, at);
        }
        catch (StimulusRejectedException e)
        {
            return new InstanceAct.NoLongerWaiting(e.Message);
        }

        if (done is InstanceAct.Done)
        {
            await tx.CommitAsync(cancellationToken);
        }

        return done;
    }
}
