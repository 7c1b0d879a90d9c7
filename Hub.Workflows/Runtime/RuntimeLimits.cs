namespace Hub.Workflows.Runtime;

/// <summary>Bounds on a burst, so a definition that loops forever is stopped with a clear fault.</summary>
public sealed record RuntimeLimits
{
    /// <summary>The defaults below.</summary>
    public static RuntimeLimits Default { get; } = new();

    /// <summary>Most node executions in one burst; default 10,000. Exceeding it faults the instance.</summary>
    public int MaxStepsPerBurst { get; init; } = 10_000;

    /// <summary>Most times one back-edge may be taken (reset when an enclosing loop iterates); default 100.</summary>
    public int MaxLoopIterations { get; init; } = 100;
}
