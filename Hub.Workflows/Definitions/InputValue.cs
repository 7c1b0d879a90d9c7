using System.Text.Json;

namespace Hub.Workflows.Definitions;

/// <summary>An input value: either a JSON literal or a CEL expression evaluated when the node runs
/// (JSON <c>{"literal": …}</c> or <c>{"expression": "…"}</c>).</summary>
public sealed record InputValue
{
    private InputValue(JsonElement? literal, string? expression)
    {
        Literal = literal;
        Expression = expression;
    }

    /// <summary>The literal, when this is one.</summary>
    public JsonElement? Literal { get; }

    /// <summary>The CEL source, when this is an expression.</summary>
    public string? Expression { get; }

    /// <summary>A literal value.</summary>
    public static InputValue FromLiteral(JsonElement literal) => new(literal.Clone(), null);

    /// <summary>A CEL expression.</summary>
    public static InputValue FromExpression(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return new(null, expression);
    }

    /// <inheritdoc/>
    public bool Equals(InputValue? other) => other is not null && Expression == other.Expression
        && (Literal is null ? other.Literal is null : other.Literal is { } o && JsonElement.DeepEquals(Literal.Value, o));

    /// <inheritdoc/>
    public override int GetHashCode() => Expression?.GetHashCode(StringComparison.Ordinal) ?? Literal?.GetRawText().Length ?? 0;
}
