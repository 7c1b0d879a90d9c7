namespace Hub.Workflows.Definitions;

/// <summary>The graph of a definition: nodes and the connections between their outcomes.</summary>
/// <param name="Nodes">The nodes, ids unique.</param>
/// <param name="Connections">The connections.</param>
public sealed record Flowchart(IReadOnlyList<NodeDefinition> Nodes, IReadOnlyList<Connection> Connections);
