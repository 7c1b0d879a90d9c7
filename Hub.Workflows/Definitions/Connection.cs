namespace Hub.Workflows.Definitions;

/// <summary>A connection from one outcome of a node to another node.</summary>
/// <param name="Source">The source node id.</param>
/// <param name="Outcome">The source outcome, e.g. <c>True</c> or <c>Done</c>.</param>
/// <param name="Target">The target node id.</param>
/// <param name="BackEdge">Marks a loop: the edge goes back to a loop head, does not count as an inbound branch of a
/// join, and starts a new iteration of the loop body when taken.</param>
public sealed record Connection(string Source, string Outcome, string Target, bool BackEdge = false)
{
    /// <summary>The connection as the messages show it: <c>a.Done -> b</c>.</summary>
    public override string ToString() => $"{Source}.{Outcome} -> {Target}{(BackEdge ? " (back-edge)" : "")}";
}
