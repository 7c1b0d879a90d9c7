namespace Hub.Workflows.Definitions;

/// <summary>One reason a definition cannot be published, located so the designer can show it on the canvas.</summary>
/// <param name="Code">A stable code from <see cref="DefinitionProblemCodes"/>.</param>
/// <param name="Message">A precise, human message.</param>
/// <param name="NodeId">The node it concerns, if any.</param>
/// <param name="Connection">The connection it concerns, if any.</param>
public sealed record DefinitionProblem(string Code, string Message, string? NodeId = null, Connection? Connection = null)
{
    /// <summary>The code and message.</summary>
    public override string ToString() => $"{Code}: {Message}";
}
