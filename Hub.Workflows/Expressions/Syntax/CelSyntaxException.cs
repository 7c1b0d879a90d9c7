namespace Hub.Workflows.Expressions.Syntax;

/// <summary>Malformed source; carries the offset so the facade can report line and column.</summary>
internal sealed class CelSyntaxException(string message, int position) : Exception(message)
{
    internal int Position { get; } = position;
}
