namespace Hub.Workflows.Definitions;

/// <summary>Bounds on a definition document, checked by the reader before anything else looks at it.</summary>
public sealed record DefinitionLimits
{
    /// <summary>The defaults below.</summary>
    public static DefinitionLimits Default { get; } = new();

    /// <summary>Largest document in UTF-8 bytes; default 1 MiB.</summary>
    public int MaxDocumentBytes { get; init; } = 1024 * 1024;

    /// <summary>Deepest JSON nesting (objects and arrays), schemas and literals included; default 32.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Most nodes; default 500.</summary>
    public int MaxNodes { get; init; } = 500;

    /// <summary>Most connections; default 2,000.</summary>
    public int MaxConnections { get; init; } = 2000;

    /// <summary>Most variables; default 200.</summary>
    public int MaxVariables { get; init; } = 200;

    /// <summary>Longest id, type, name or outcome string; default 200 characters.</summary>
    public int MaxNameLength { get; init; } = 200;
}
