namespace Hub.Workflows.Activities;

/// <summary>Declares how the host retries the activity after a transient fault; part of its descriptor.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RetryPolicyAttribute(int maxAttempts) : Attribute
{
    /// <summary>Attempts in all, the first included.</summary>
    public int MaxAttempts { get; } = maxAttempts;

    /// <summary>Delay before the second attempt, in seconds; default 5.</summary>
    public double InitialBackoffSeconds { get; init; } = 5;

    /// <summary>Factor applied to the delay for each further attempt; default 2.</summary>
    public double BackoffMultiplier { get; init; } = 2;

    /// <summary>Longest delay, in seconds; default 300.</summary>
    public double MaxBackoffSeconds { get; init; } = 300;

    /// <summary>Exception types (and their subclasses) counted as transient besides
    /// <see cref="ActivityFaultException"/> with <c>IsTransient</c>.</summary>
    public Type[] TransientErrors { get; init; } = [];
}
