namespace Hub.Workflows.Expressions;

/// <summary>One problem found while compiling an expression, with its 1-based line and column.</summary>
/// <param name="Message">What is wrong, e.g. <c>undeclared reference to 'inpt' (did you mean 'input'?)</c>.</param>
/// <param name="Line">1-based line of the offending sub-expression.</param>
/// <param name="Column">1-based column (in UTF-16 characters) of the offending sub-expression.</param>
public sealed record CelDiagnostic(string Message, int Line, int Column)
{
    /// <summary>The message followed by its position, e.g. <c>undeclared reference to 'inpt' at 1:1</c>.</summary>
    public override string ToString() => $"{Message} at {Line}:{Column}";

    internal static CelDiagnostic At(string source, string message, int offset)
    {
        offset = Math.Clamp(offset, 0, source.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (source[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new CelDiagnostic(message, line, offset - lineStart + 1);
    }
}
