using Hub.Workflows.Expressions.Values;

namespace Hub.Workflows.Expressions.Syntax;

/// <summary>An immutable node of the parsed expression. <see cref="Position"/> is a character offset into the source.
/// Operators are calls with CEL's internal names (<c>_+_</c>, <c>_&amp;&amp;_</c>, <c>@in</c>, <c>_[_]</c> …).</summary>
internal abstract record Expr(int Position);

internal sealed record LiteralExpr(int Position, CelValue Value) : Expr(Position);

internal sealed record IdentExpr(int Position, string Name) : Expr(Position);

/// <summary>Field selection; with <see cref="TestOnly"/> it is the <c>has()</c> presence test.</summary>
internal sealed record SelectExpr(int Position, Expr Operand, string Field, bool TestOnly) : Expr(Position);

internal sealed record CallExpr(int Position, Expr? Target, string Function, IReadOnlyList<Expr> Args) : Expr(Position);

internal sealed record ListExpr(int Position, IReadOnlyList<Expr> Elements) : Expr(Position);

internal sealed record MapExpr(int Position, IReadOnlyList<MapEntryExpr> Entries) : Expr(Position);

internal sealed record MapEntryExpr(int Position, Expr Key, Expr Value);

internal enum ComprehensionKind
{
    All,
    Exists,
    ExistsOne,
    Map,
    Filter,
}

/// <summary>An expanded macro (langdef "Macros"). For <see cref="ComprehensionKind.Map"/>, <see cref="Step"/> is the
/// transform and <see cref="Filter"/> the optional three-argument filter; otherwise <see cref="Step"/> is the predicate.</summary>
internal sealed record ComprehensionExpr(
    int Position, ComprehensionKind Kind, Expr Range, string Variable, Expr Step, Expr? Filter) : Expr(Position);

internal static class Operators
{
    internal const string Conditional = "_?_:_";
    internal const string LogicalAnd = "_&&_";
    internal const string LogicalOr = "_||_";
    internal const string LogicalNot = "!_";
    internal const string Negate = "-_";
    internal const string Index = "_[_]";
    internal const string In = "@in";
    internal const string Equal = "_==_";
    internal const string NotEqual = "_!=_";
    internal const string Less = "_<_";
    internal const string LessEquals = "_<=_";
    internal const string Greater = "_>_";
    internal const string GreaterEquals = "_>=_";
    internal const string Add = "_+_";
    internal const string Subtract = "_-_";
    internal const string Multiply = "_*_";
    internal const string Divide = "_/_";
    internal const string Modulo = "_%_";
}
