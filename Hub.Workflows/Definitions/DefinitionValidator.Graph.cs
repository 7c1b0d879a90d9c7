using Hub.Workflows.Activities.Core;

namespace Hub.Workflows.Definitions;

/// <summary>The graph rules: edges, start, reachability, cycles and loops, joins that can never fire.</summary>
internal sealed partial class DefinitionValidator
{
    private void CheckGraph()
    {
        CheckConnections();
        var starts = definition.Flowchart.Nodes.Where(n => n.Type == "Start").ToList();
        if (starts.Count == 0)
        {
            Add(DefinitionProblemCodes.NoStart, "the flowchart has no Start node");
        }

        foreach (var extra in starts.Skip(1))
        {
            Add(DefinitionProblemCodes.SeveralStarts,
                $"node '{extra.Id}' is a second Start node (the first is '{starts[0].Id}'); a flowchart has exactly one", extra.Id);
        }

        foreach (var start in starts)
        {
            foreach (var e in graph.Edges.Where(e => e.Target == start.Id))
            {
                Add(DefinitionProblemCodes.StartHasInbound, $"Start node '{start.Id}' has an inbound connection {e}", start.Id, e);
            }
        }

        if (starts.Count == 1)
        {
            var reached = ReachAll(starts[0].Id);
            foreach (var node in definition.Flowchart.Nodes.Where(n => !reached.Contains(n.Id)))
            {
                Add(DefinitionProblemCodes.UnreachableNode, $"node '{node.Id}' cannot be reached from Start '{starts[0].Id}'", node.Id);
            }
        }

        // Each rule stands alone (every reach below is cycle-safe), so an unmarked cycle hides none of the others:
        // publishing lists every problem at once.
        CheckCycles();
        CheckLoops();
        CheckJoins();
    }

    private void CheckConnections()
    {
        var seen = new HashSet<(string, string, string)>();
        foreach (var c in definition.Flowchart.Connections)
        {
            var source = graph.Nodes.GetValueOrDefault(c.Source);
            if (source is null || !graph.Nodes.ContainsKey(c.Target))
            {
                var missing = source is null ? $"source '{c.Source}'" : $"target '{c.Target}'";
                Add(DefinitionProblemCodes.DanglingEdge, $"connection {c} has no {missing} node", source?.Id, c);
                continue;
            }

            if (!seen.Add((c.Source, c.Outcome, c.Target)))
            {
                Add(DefinitionProblemCodes.DuplicateEdge, $"connection {c} appears more than once", c.Source, c);
            }

            if (OutcomesOf(source, registry) is { } outcomes && !outcomes.Contains(c.Outcome))
            {
                var known = outcomes.Count == 0 ? "none" : string.Join(", ", outcomes.Order(StringComparer.Ordinal));
                Add(DefinitionProblemCodes.UnknownOutcome,
                    $"connection {c} leaves from outcome '{c.Outcome}', which {source.Type} '{source.Id}' does not have (outcomes: {known})", c.Source, c);
            }
        }
    }

    private HashSet<string> ReachAll(string start)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { start };
        var stack = new Stack<string>([start]);
        while (stack.TryPop(out var id))
        {
            foreach (var e in graph.Outbound[id])
            {
                if (seen.Add(graph.Edges[e].Target))
                {
                    stack.Push(graph.Edges[e].Target);
                }
            }
        }

        return seen;
    }

    /// <summary>Reports each forward cycle (one made of unmarked edges) once, by iterative colouring DFS.</summary>
    private void CheckCycles()
    {
        var colour = graph.Nodes.Keys.ToDictionary(k => k, _ => 0, StringComparer.Ordinal);
        foreach (var root in graph.Nodes.Keys.Order(StringComparer.Ordinal))
        {
            if (colour[root] != 0)
            {
                continue;
            }

            var stack = new Stack<(string Node, int Next)>([(root, 0)]);
            var path = new List<string> { root };
            colour[root] = 1;
            while (stack.TryPop(out var frame))
            {
                var forward = graph.Outbound[frame.Node].Where(e => !graph.Edges[e].BackEdge).ToList();
                if (frame.Next >= forward.Count)
                {
                    colour[frame.Node] = 2;
                    path.RemoveAt(path.Count - 1);
                    continue;
                }

                stack.Push((frame.Node, frame.Next + 1));
                var edge = graph.Edges[forward[frame.Next]];
                if (colour[edge.Target] == 1)
                {
                    var cycle = path.Skip(path.IndexOf(edge.Target)).Append(edge.Target);
                    Add(DefinitionProblemCodes.UnmarkedCycle,
                        $"cycle {string.Join(" -> ", cycle)} has no connection marked as a back-edge", edge.Target, edge);
                }
                else if (colour[edge.Target] == 0)
                {
                    colour[edge.Target] = 1;
                    path.Add(edge.Target);
                    stack.Push((edge.Target, 0));
                }
            }
        }
    }

    /// <summary>A loop is entered only at its head and left only from its tail (the back-edge's source), so an
    /// iteration never sends a premature signal past the loop.</summary>
    private void CheckLoops()
    {
        for (var i = 0; i < graph.Edges.Count; i++)
        {
            var back = graph.Edges[i];
            if (!back.BackEdge)
            {
                continue;
            }

            if (!graph.ForwardReach(back.Target).Contains(back.Source))
            {
                Add(DefinitionProblemCodes.MalformedLoop,
                    $"back-edge {back} closes no loop: '{back.Target}' cannot reach '{back.Source}' over forward connections", back.Source, back);
                continue;
            }

            var body = graph.LoopBody(i);
            foreach (var e in graph.Edges.Where(e => !e.BackEdge))
            {
                if (!body.Contains(e.Source) && body.Contains(e.Target) && e.Target != back.Target)
                {
                    Add(DefinitionProblemCodes.MalformedLoop,
                        $"connection {e} enters the loop of back-edge {back} other than at its head '{back.Target}'", e.Target, e);
                }

                if (body.Contains(e.Source) && !body.Contains(e.Target) && e.Source != back.Source)
                {
                    Add(DefinitionProblemCodes.MalformedLoop,
                        $"connection {e} leaves the loop of back-edge {back} other than from its tail '{back.Source}'", e.Source, e);
                }
            }
        }
    }

    private void CheckJoins()
    {
        foreach (var node in definition.Flowchart.Nodes.Where(n => n.Type == "Join"))
        {
            var rule = JoinRule.Of(node);
            var inbound = graph.Inbound[node.Id];
            if (rule.Mode != JoinMode.Quorum)
            {
                continue;
            }

            if (rule.Quorum < 1 || rule.Quorum > inbound.Count)
            {
                Add(DefinitionProblemCodes.JoinNeverFires,
                    $"join '{node.Id}' needs a quorum of {rule.Quorum} but has {inbound.Count} inbound branch(es)", node.Id);
                continue;
            }

            var live = MaxConcurrentlyLive(inbound, out var exclusive);
            if (rule.Quorum > live)
            {
                Add(DefinitionProblemCodes.JoinNeverFires,
                    $"join '{node.Id}' needs a quorum of {rule.Quorum} but at most {live} of its {inbound.Count} inbound branches can arrive: {exclusive}", node.Id);
            }
        }
    }

    /// <summary>How many inbound branches can be live together: branches whose single-path origin is a different
    /// outcome of the same decision or switch exclude each other.</summary>
    private int MaxConcurrentlyLive(List<int> inbound, out string exclusive)
    {
        var guards = inbound.Select(Guard).ToList();
        var free = guards.Count(g => g is null);
        var groups = guards.Where(g => g is not null).GroupBy(g => g!.Value.Node, StringComparer.Ordinal).ToList();
        exclusive = string.Join("; ", groups.Where(g => g.Select(x => x!.Value.Outcome).Distinct().Count() > 1)
            .Select(g => $"they are exclusive outcomes ({string.Join(", ", g.Select(x => x!.Value.Outcome).Distinct().Order(StringComparer.Ordinal))}) of '{g.Key}'"));
        return free + groups.Sum(g => g.GroupBy(x => x!.Value.Outcome).Max(o => o.Count()));
    }

    private (string Node, string Outcome)? Guard(int edgeIndex)
    {
        for (var guardHops = 0; guardHops < graph.Nodes.Count; guardHops++)
        {
            var edge = graph.Edges[edgeIndex];
            var source = graph.Nodes[edge.Source];
            if (source.Type is "Decision" or "Switch")
            {
                return (source.Id, edge.Outcome);
            }

            if (graph.Inbound[source.Id].Count != 1)
            {
                return null;
            }

            edgeIndex = graph.Inbound[source.Id][0];
        }

        return null;
    }
}
