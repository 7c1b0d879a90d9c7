namespace Hub.Server.Cli.Workflow;

/// <summary>
/// What <c>--decide NODE=DECISION</c> says about the tasks of a run. A node's decisions are used in order, one per
/// task the node creates (so a quorum node can take <c>committee=approve committee=reject committee=approve</c>); its
/// last decision stands for any further task. <c>*</c> names every node without an entry of its own.
/// </summary>
internal sealed class DecisionPlan
{
    private static readonly string[] Decisions = ["approve", "reject", "return"];
    private readonly Dictionary<string, List<string>> byNode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> used = new(StringComparer.Ordinal);

    /// <exception cref="CommandLineFailure">An entry is not NODE=approve|reject|return (exit code 2).</exception>
    public static DecisionPlan Parse(IEnumerable<string> entries)
    {
        var plan = new DecisionPlan();
        foreach (var entry in entries)
        {
            var split = entry.IndexOf('=', StringComparison.Ordinal);
            var node = split > 0 ? entry[..split].Trim() : "";
            var decision = split > 0 ? entry[(split + 1)..].Trim().ToLowerInvariant() : "";
            if (node.Length == 0 || !Decisions.Contains(decision))
            {
                throw new CommandLineFailure($"--decide '{entry}' must be NODE=approve, NODE=reject or NODE=return (NODE an approval node id or *).", 2);
            }

            if (!plan.byNode.TryGetValue(node, out var list))
            {
                plan.byNode[node] = list = [];
            }

            list.Add(decision);
        }

        return plan;
    }

    /// <summary>Node ids the plan names, except <c>*</c>.</summary>
    public IEnumerable<string> Nodes => byNode.Keys.Where(k => k != "*");

    /// <summary>The decision for the next task of <paramref name="nodeId"/>, or null when the plan has none.</summary>
    public string? Next(string nodeId)
    {
        var key = byNode.ContainsKey(nodeId) ? nodeId : "*";
        if (!byNode.TryGetValue(key, out var list))
        {
            return null;
        }

        var index = used.GetValueOrDefault(key);
        used[key] = index + 1;
        return list[Math.Min(index, list.Count - 1)];
    }
}
