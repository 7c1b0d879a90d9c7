using System.Text.Json;
using Hub.Workflows.Activities;
using Hub.Workflows.Definitions;

namespace Hub.Workflows.Runtime;

/// <summary>Runs one burst over a copy of the instance state: applies the stimulus, then executes scheduled nodes
/// until every path is suspended or done, or the step budget is spent. This file holds the burst loop and the
/// stimuli; node execution and signal propagation (joins, dead paths, loops) are in the partials beside it.</summary>
internal sealed partial class FlowchartInterpreter(DefinitionSnapshot snapshot, ActivityRegistry registry, TimeProvider time,
    RuntimeLimits limits, InstanceData data)
{
    private readonly FlowGraph graph = snapshot.Graph;
    private readonly List<string> ready = [];
    private readonly List<JournalEntry> journal = [];
    private readonly List<Bookmark> created = [];
    private readonly List<Bookmark> cleared = [];
    private readonly List<OutboundMessage> outbound = [];
    private readonly List<TaskRequest> tasks = [];
    private ActivityFault? fault;
    private int steps;

    public async Task<BurstResult> RunAsync(WorkflowStimulus stimulus, CancellationToken cancellationToken)
    {
        if (data.DefinitionHash != snapshot.ContentHash)
        {
            throw new StimulusRejectedException(
                $"instance '{data.InstanceId}' is pinned to {data.DefinitionHash}, not to snapshot {snapshot.ContentHash}");
        }

        await ApplyAsync(stimulus, cancellationToken);
        while (ready.Count > 0 && data.Status == WorkflowStatus.Running)
        {
            if (++steps > limits.MaxStepsPerBurst)
            {
                Stop(null, "step-budget", $"burst exceeded the step budget of {limits.MaxStepsPerBurst} node executions (next node '{ready[0]}'); does a loop never exit?");
                break;
            }

            var next = ready[0];
            ready.RemoveAt(0);
            await ExecuteAsync(next, null, cancellationToken);
        }

        if (data.Status == WorkflowStatus.Running)
        {
            data.Status = data.Bookmarks.Count > 0 ? WorkflowStatus.Suspended : WorkflowStatus.Completed;
        }

        return new BurstResult(new InstanceState(data), data.Status, journal, created, cleared, outbound, tasks, fault, steps);
    }

    private async Task ApplyAsync(WorkflowStimulus stimulus, CancellationToken cancellationToken)
    {
        switch (stimulus)
        {
            case StartStimulus start:
                if (data.Status != WorkflowStatus.NotStarted)
                {
                    throw new StimulusRejectedException($"instance '{data.InstanceId}' is {Lower(data.Status)}; only a new instance can be started");
                }

                if (start.Input.ValueKind != JsonValueKind.Object)
                {
                    throw new StimulusRejectedException($"instance input must be a JSON object, not {Lower(start.Input.ValueKind)}");
                }

                data.Input = start.Input.Clone();
                data.Status = WorkflowStatus.Running;
                var startNode = graph.Nodes.Values.Single(n => n.Type == "Start").Id;
                Node(startNode).Status = NodeStatus.Scheduled;
                ready.Add(startNode);
                actor = start.Actor;
                break;
            case ResumeStimulus resume:
                RequireResumable();
                var bookmark = data.Bookmarks.FirstOrDefault(b => b.Id == resume.BookmarkId)
                    ?? throw new StimulusRejectedException($"instance '{data.InstanceId}' has no bookmark '{resume.BookmarkId}'");
                data.Status = WorkflowStatus.Running;
                actor = resume.Actor;
                await ResumeAsync(bookmark, resume.Payload, cancellationToken);
                break;
            case SignalStimulus signal:
                RequireResumable();
                var matching = data.Bookmarks.Where(b => b.Kind == BookmarkKind.Signal && b.SignalName == signal.Name
                    && b.CorrelationKey == signal.CorrelationKey).ToList();
                if (matching.Count == 0)
                {
                    throw new StimulusRejectedException(
                        $"instance '{data.InstanceId}' waits for no signal '{signal.Name}' with correlation key '{signal.CorrelationKey}'");
                }

                data.Status = WorkflowStatus.Running;
                actor = signal.Actor;
                foreach (var b in matching)
                {
                    if (data.Status != WorkflowStatus.Running)
                    {
                        // A wait faulted on this signal: one incident per burst, and nothing may complete inside a faulted
                        // burst (its successors would never hear of it), so the other waits keep waiting.
                        break;
                    }

                    await ResumeAsync(b, signal.Payload, cancellationToken);
                }

                break;
            case RetryStimulus retry:
                RequireNodeFault();
                if (data.Status != WorkflowStatus.Faulted || data.Fault?.NodeId != retry.NodeId
                    || !data.Nodes.TryGetValue(retry.NodeId, out var faulted) || faulted.Status != NodeStatus.Faulted)
                {
                    throw new StimulusRejectedException(
                        $"instance '{data.InstanceId}' has no faulted node '{retry.NodeId}' to retry (status {Lower(data.Status)})");
                }

                data.Status = WorkflowStatus.Running;
                data.Fault = null;
                actor = retry.Actor;
                faulted.Attempt++;
                faulted.Status = NodeStatus.Scheduled;
                // The node runs again where it faulted: before the nodes that were scheduled behind it.
                ready.Add(retry.NodeId);
                ready.AddRange(TakeInterrupted(retry.NodeId));
                break;
            case SkipStimulus skip:
                RequireNodeFault();
                if (data.Status != WorkflowStatus.Faulted || data.Fault?.NodeId != skip.NodeId
                    || !data.Nodes.TryGetValue(skip.NodeId, out var skipped) || skipped.Status != NodeStatus.Faulted)
                {
                    throw new StimulusRejectedException(
                        $"instance '{data.InstanceId}' has no faulted node '{skip.NodeId}' to skip (status {Lower(data.Status)})");
                }

                var node = graph.Nodes[skip.NodeId];
                if (DefinitionValidator.OutcomesOf(node, registry) is { } outcomes && !outcomes.Contains(skip.Outcome))
                {
                    throw new StimulusRejectedException(
                        $"node '{skip.NodeId}' ({node.Type}) has no outcome '{skip.Outcome}' (outcomes: {string.Join(", ", outcomes)})");
                }

                data.Status = WorkflowStatus.Running;
                data.Fault = null;
                actor = skip.Actor;
                skipped.Status = NodeStatus.Completed;
                var at = time.GetUtcNow();
                journal.Add(new JournalEntry(node.Id, node.Type, skipped.Iteration, skipped.Attempt, JournalEvent.Completed,
                    [skip.Outcome], at, at, actor, null, "skipped by an operator"));
                // As if the node had completed where it faulted: the nodes scheduled behind it run before its successors.
                ready.AddRange(TakeInterrupted(skip.NodeId));
                Propagate(skip.NodeId, [skip.Outcome]);
                break;
            default:
                throw new ArgumentException($"unknown stimulus {stimulus.GetType().Name}", nameof(stimulus));
        }
    }

    private string? actor;

    /// <summary>A stop of the whole instance (the step budget) names no node: there is nothing to retry or skip.</summary>
    private void RequireNodeFault()
    {
        if (data.Status == WorkflowStatus.Faulted && data.Fault is { NodeId: null } stop)
        {
            throw new StimulusRejectedException(
                $"instance '{data.InstanceId}' stopped as a whole ({stop.ErrorType}), not at a node: it can only be cancelled");
        }
    }

    private void RequireResumable()
    {
        if (data.Status != WorkflowStatus.Suspended)
        {
            throw new StimulusRejectedException($"instance '{data.InstanceId}' is {Lower(data.Status)}; only a suspended instance can be resumed");
        }
    }

    private async Task ResumeAsync(Bookmark bookmark, JsonElement? payload, CancellationToken cancellationToken)
    {
        var state = Node(bookmark.NodeId);
        if (state.Status != NodeStatus.Suspended)
        {
            return;
        }

        RemoveBookmark(bookmark);
        if (bookmark.Kind == BookmarkKind.Retry)
        {
            state.Status = NodeStatus.Scheduled;
            ready.Add(bookmark.NodeId);
            return;
        }

        await ExecuteAsync(bookmark.NodeId, (bookmark, payload), cancellationToken);
    }

    /// <summary>The nodes the incident's fault interrupted, in the order they were to run, and clears the record. A
    /// state stored before that record existed lost the order, not the nodes: they are still Scheduled, and follow in id order.</summary>
    private List<string> TakeInterrupted(string faultedNodeId)
    {
        var interrupted = data.Interrupted ?? [];
        data.Interrupted = null;
        var unlisted = data.Nodes.Where(n => n.Value.Status == NodeStatus.Scheduled && n.Key != faultedNodeId && !interrupted.Contains(n.Key))
            .Select(n => n.Key);
        return [.. interrupted.Where(id => Node(id).Status == NodeStatus.Scheduled), .. unlisted];
    }

    private void RemoveBookmark(Bookmark bookmark)
    {
        if (data.Bookmarks.Remove(bookmark))
        {
            cleared.Add(bookmark);
        }
    }

    /// <summary>Ends the instance as faulted: every pending bookmark is cleared and no node runs further.</summary>
    private void Stop(string? nodeId, string errorType, string message)
    {
        fault = new ActivityFault(nodeId, errorType, message, false, nodeId is null ? 0 : Node(nodeId).Attempt, null);
        data.Fault = fault;
        data.Status = WorkflowStatus.Faulted;
        data.Interrupted = null;
        foreach (var b in data.Bookmarks.ToList())
        {
            RemoveBookmark(b);
        }

        ready.Clear();
    }

    private NodeState Node(string id)
    {
        if (!data.Nodes.TryGetValue(id, out var state))
        {
            data.Nodes[id] = state = new NodeState();
        }

        return state;
    }

    private static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
