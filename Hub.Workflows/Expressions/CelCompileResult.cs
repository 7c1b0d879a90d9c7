namespace Hub.Workflows.Expressions;

/// <summary>The outcome of <see cref="CelExpression.Compile"/>: an expression, or every problem found.</summary>
public sealed class CelCompileResult
{
    internal CelCompileResult(CelExpression? expression, IReadOnlyList<CelDiagnostic> diagnostics)
    {
        Expression = expression;
        Diagnostics = diagnostics;
    }

    /// <summary>True when the source parsed and type-checked; <see cref="Expression"/> is then set.</summary>
    public bool Succeeded => Expression is not null;

    /// <summary>The compiled expression, or null when <see cref="Diagnostics"/> lists problems.</summary>
    public CelExpression? Expression { get; }

    /// <summary>Every problem found, in source order; empty on success.</summary>
    public IReadOnlyList<CelDiagnostic> Diagnostics { get; }
}
