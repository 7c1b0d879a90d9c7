namespace Hub.Workflows.Runtime;

/// <summary>An operator's retry of the faulted node of a faulted instance (an incident), as a new attempt.</summary>
/// <param name="NodeId">The faulted node.</param>
/// <param name="Actor">The operator.</param>
public sealed record RetryStimulus(string NodeId, string? Actor = null) : WorkflowStimulus(Actor);
