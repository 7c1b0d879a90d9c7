namespace Hub.Workflows.Runtime;

/// <summary>A fault of a node: an activity threw, or the runtime stopped the instance (step budget, loop cap,
/// termination). Carries whether a retry may help, for the host's retry and incident machinery.</summary>
/// <param name="NodeId">The node, or null for an instance-wide stop.</param>
/// <param name="ErrorType">A stable code or the exception type name.</param>
/// <param name="Message">A precise message.</param>
/// <param name="IsTransient">Whether a retry may succeed.</param>
/// <param name="Attempt">The attempt that failed.</param>
/// <param name="RetryAt">When the runtime scheduled the next attempt (a Retry bookmark), or null when none is left.</param>
public sealed record ActivityFault(string? NodeId, string ErrorType, string Message, bool IsTransient, int Attempt, DateTimeOffset? RetryAt);
