namespace Hub.Workflows.Definitions;

/// <summary>The flowchart as an indexed graph. Edges whose ends do not exist are left out (the validator reports
/// them). "Forward" means not a back-edge: the forward graph of a valid definition is acyclic.</summary>
internal sealed class FlowGraph
{
    private readonly Dictionary<string, HashSet<string>> forwardReach = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> backwardReach = new(StringComparer.Ordinal);

    public FlowGraph(Flowchart flowchart)
    {
        Nodes = flowchart.Nodes.GroupBy(n => n.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        Edges = [.. flowchart.Connections.Where(c => Nodes.ContainsKey(c.Source) && Nodes.ContainsKey(c.Target))];
        foreach (var id in Nodes.Keys)
        {
            Inbound[id] = [];
            Outbound[id] = [];
        }

        for (var i = 0; i < Edges.Count; i++)
        {
            Outbound[Edges[i].Source].Add(i);
            if (!Edges[i].BackEdge)
            {
                Inbound[Edges[i].Target].Add(i);
            }
        }
    }

    public IReadOnlyDictionary<string, NodeDefinition> Nodes { get; }

    public List<Connection> Edges { get; }

    /// <summary>Forward (non-back) inbound edge indices per node.</summary>
    public Dictionary<string, List<int>> Inbound { get; } = new(StringComparer.Ordinal);

    /// <summary>All outbound edge indices per node.</summary>
    public Dictionary<string, List<int>> Outbound { get; } = new(StringComparer.Ordinal);

    /// <summary>Nodes reachable from <paramref name="from"/> over forward edges, itself included.</summary>
    public HashSet<string> ForwardReach(string from) => Reach(from, forwardReach, id => Outbound[id].Where(e => !Edges[e].BackEdge).Select(e => Edges[e].Target));

    /// <summary>Nodes from which <paramref name="to"/> is reachable over forward edges, itself included.</summary>
    public HashSet<string> Ancestors(string to) => Reach(to, backwardReach, id => Inbound[id].Select(e => Edges[e].Source));

    /// <summary>The body of the loop closed by back-edge <paramref name="edge"/>: nodes on forward paths from its
    /// target (the head) to its source (the tail).</summary>
    public HashSet<string> LoopBody(int edge)
    {
        var body = ForwardReach(Edges[edge].Target);
        body.IntersectWith(Ancestors(Edges[edge].Source));
        return body;
    }

    private HashSet<string> Reach(string start, Dictionary<string, HashSet<string>> cache, Func<string, IEnumerable<string>> next)
    {
        if (cache.TryGetValue(start, out var cached))
        {
            return [.. cached];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal) { start };
        var stack = new Stack<string>([start]);
        while (stack.TryPop(out var id))
        {
            foreach (var n in next(id))
            {
                if (seen.Add(n))
                {
                    stack.Push(n);
                }
            }
        }

        cache[start] = seen;
        return [.. seen];
    }
}
