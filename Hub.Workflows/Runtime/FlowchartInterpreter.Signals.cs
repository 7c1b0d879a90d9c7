using Hub.Workflows.Activities.Core;
using Hub.Workflows.Definitions;

namespace Hub.Workflows.Runtime;

/// <summary>Token flow: live and dead signals along edges, joins (all / first-wins / quorum), cancellation of the
/// branches a first-wins or quorum join no longer needs, and back-edges that start a new loop iteration.</summary>
internal sealed partial class FlowchartInterpreter
{
    private void Propagate(string nodeId, IReadOnlyList<string> outcomes)
    {
        var edges = graph.Outbound[nodeId];
        var takesBackEdge = edges.Any(e => graph.Edges[e].BackEdge && outcomes.Contains(graph.Edges[e].Outcome));
        foreach (var e in edges.Where(e => !graph.Edges[e].BackEdge))
        {
            var taken = outcomes.Contains(graph.Edges[e].Outcome);
            if (taken || !takesBackEdge)
            {
                // While the loop iterates, its exits are withheld rather than dead: the last iteration decides them.
                Signal(e, taken);
            }
        }

        foreach (var e in edges.Where(e => graph.Edges[e].BackEdge && outcomes.Contains(graph.Edges[e].Outcome)))
        {
            TakeBackEdge(e);
        }
    }

    private void Signal(int edge, bool live)
    {
        var target = graph.Edges[edge].Target;
        var state = Node(target);
        if (state.Status != NodeStatus.Waiting || data.Status != WorkflowStatus.Running)
        {
            return; // fired, dead or cancelled already: late arrivals change nothing
        }

        (live ? state.Live : state.Dead).Add(edge);
        var inbound = graph.Inbound[target].Count;
        var rule = JoinRule.Of(graph.Nodes[target]);
        var pending = inbound - state.Live.Count - state.Dead.Count;
        if (rule.Mode == JoinMode.All)
        {
            if (pending == 0)
            {
                if (state.Live.Count > 0)
                {
                    Schedule(target, state);
                }
                else
                {
                    MarkDead(target, state);
                }
            }

            return;
        }

        if (state.Live.Count >= rule.Quorum)
        {
            Schedule(target, state);
            CancelUpstream(target);
        }
        else if (state.Live.Count + pending < rule.Quorum)
        {
            MarkDead(target, state);
        }
    }

    private void Schedule(string nodeId, NodeState state)
    {
        state.Status = NodeStatus.Scheduled;
        ready.Add(nodeId);
    }

    private void MarkDead(string nodeId, NodeState state)
    {
        state.Status = NodeStatus.Dead;
        foreach (var e in graph.Outbound[nodeId].Where(e => !graph.Edges[e].BackEdge))
        {
            Signal(e, false);
        }
    }

    /// <summary>A first-wins or quorum join has fired: every unresolved node from which it is reachable is cancelled
    /// (bookmarks cleared, journalled), then sends dead signals onwards so no other join waits for it.</summary>
    private void CancelUpstream(string joinId)
    {
        var cancelled = new List<string>();
        foreach (var id in graph.Ancestors(joinId).Where(id => id != joinId).Order(StringComparer.Ordinal))
        {
            var state = Node(id);
            if (state.Status is not (NodeStatus.Waiting or NodeStatus.Scheduled or NodeStatus.Suspended))
            {
                continue;
            }

            if (state.Status is NodeStatus.Scheduled or NodeStatus.Suspended)
            {
                var now = time.GetUtcNow();
                Journal(graph.Nodes[id], state, JournalEvent.Cancelled, [], now, now, null, $"cancelled: join '{joinId}' fired");
            }

            foreach (var b in data.Bookmarks.Where(b => b.NodeId == id).ToList())
            {
                RemoveBookmark(b);
            }

            ready.Remove(id);
            state.Status = NodeStatus.Cancelled;
            cancelled.Add(id);
        }

        foreach (var id in cancelled)
        {
            foreach (var e in graph.Outbound[id].Where(e => !graph.Edges[e].BackEdge))
            {
                Signal(e, false);
            }
        }
    }

    /// <summary>Starts the next iteration of the loop closed by back-edge <paramref name="edge"/>: the body's nodes
    /// get a fresh activation (iteration + 1) and the head runs again. Inner loops' counters restart.</summary>
    private void TakeBackEdge(int edge)
    {
        if (data.Status != WorkflowStatus.Running)
        {
            return;
        }

        var back = graph.Edges[edge];
        var key = $"{back.Source}.{back.Outcome}->{back.Target}";
        var count = data.LoopCounts.GetValueOrDefault(key) + 1;
        if (count > limits.MaxLoopIterations)
        {
            Stop(back.Source, "loop-cap", $"back-edge {back} was taken more than the cap of {limits.MaxLoopIterations} iterations");
            return;
        }

        data.LoopCounts[key] = count;
        var body = graph.LoopBody(edge);
        foreach (var id in body)
        {
            var old = Node(id);
            data.Nodes[id] = new NodeState { Iteration = old.Iteration + 1 };
        }

        for (var i = 0; i < graph.Edges.Count; i++)
        {
            var inner = graph.Edges[i];
            if (i != edge && inner.BackEdge && body.Contains(inner.Source))
            {
                data.LoopCounts.Remove($"{inner.Source}.{inner.Outcome}->{inner.Target}");
            }
        }

        Schedule(back.Target, Node(back.Target));
    }
}
