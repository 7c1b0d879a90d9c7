namespace Hub.Workflows.Definitions.Inputs;

/// <summary>Bounds on what an instance is started with and what resumes it, checked before the schema is applied, so
/// a hostile document cannot exhaust memory, the stack or the CPU (docs/workflow-format.md, "Input schema").</summary>
public sealed record InputLimits
{
    /// <summary>The defaults below.</summary>
    public static InputLimits Default { get; } = new();

    /// <summary>Largest instance input in UTF-8 bytes (as compact JSON); default 256 KiB.</summary>
    public int MaxInputBytes { get; init; } = 256 * 1024;

    /// <summary>Largest signal payload in UTF-8 bytes (as compact JSON); default 64 KiB.</summary>
    public int MaxPayloadBytes { get; init; } = 64 * 1024;

    /// <summary>Longest string value or property name, in Unicode code points; default 10,000.</summary>
    public int MaxStringLength { get; init; } = 10_000;

    /// <summary>Deepest nesting of objects and arrays in a value, and of a schema walked against it; default 32.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Most problems listed for one document; the rest are summarised in one last problem. Default 100.</summary>
    public int MaxProblems { get; init; } = 100;

    /// <summary>How long one <c>pattern</c> may take to match one string before the value is refused; default 100 ms.</summary>
    public TimeSpan PatternTimeout { get; init; } = TimeSpan.FromMilliseconds(100);
}
