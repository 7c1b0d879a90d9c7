namespace Hub.Workflows.Runtime;

/// <summary>An operator's skip of the faulted node of a faulted instance (an incident): the node completes with
/// <paramref name="Outcome"/> without running again, and the flow carries on from there.</summary>
/// <param name="NodeId">The faulted node.</param>
/// <param name="Outcome">One of the node's declared outcomes.</param>
/// <param name="Actor">The operator.</param>
public sealed record SkipStimulus(string NodeId, string Outcome, string? Actor = null) : WorkflowStimulus(Actor);
