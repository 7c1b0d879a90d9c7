namespace Hub.Workflows.Definitions.Inputs;

/// <summary>One reason an instance input (or a signal payload) is refused: where, and why.</summary>
/// <param name="Path">The JSON path of the offending value, e.g. <c>$.amount</c> or <c>$.items[2].date</c>; <c>$</c> for the whole document.</param>
/// <param name="Message">A plain message naming what was expected.</param>
public sealed record InputProblem(string Path, string Message)
{
    /// <summary>The path and message, as the CLI prints them.</summary>
    public override string ToString() => $"{Path}: {Message}";
}
