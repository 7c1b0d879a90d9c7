namespace Hub.Workflows.Definitions;

/// <summary>Where the designer draws a node; it has no meaning at run time but is part of the content hash.</summary>
/// <param name="X">Horizontal canvas coordinate.</param>
/// <param name="Y">Vertical canvas coordinate.</param>
public sealed record NodePosition(double X, double Y);
