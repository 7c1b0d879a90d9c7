namespace Hub.Workflows.Expressions.Syntax;

/// <summary>Macro expansion at parse time (langdef "Macros"): <c>has</c>, <c>all</c>, <c>exists</c>,
/// <c>exists_one</c>, <c>map</c> and <c>filter</c>. Calls with other arities stay ordinary calls.</summary>
internal sealed partial class Parser
{
    private static Expr? ExpandGlobalMacro(int at, string name, List<Expr> args)
    {
        if (name != "has" || args.Count != 1)
        {
            return null;
        }

        return args[0] is SelectExpr select
            ? select with { TestOnly = true }
            : throw new CelSyntaxException("invalid argument to has() macro: expected a field selection", args[0].Position);
    }

    private static Expr? ExpandReceiverMacro(int at, Expr target, string name, List<Expr> args)
    {
        var kind = (name, args.Count) switch
        {
            ("all", 2) => ComprehensionKind.All,
            ("exists", 2) => ComprehensionKind.Exists,
            ("exists_one", 2) => ComprehensionKind.ExistsOne,
            ("map", 2 or 3) => ComprehensionKind.Map,
            ("filter", 2) => ComprehensionKind.Filter,
            _ => (ComprehensionKind?)null,
        };
        if (kind is null)
        {
            return null;
        }

        if (args[0] is not IdentExpr variable)
        {
            throw new CelSyntaxException($"argument is not an identifier: the first argument of {name}() must name a variable",
                args[0].Position);
        }

        return kind == ComprehensionKind.Map && args.Count == 3
            ? new ComprehensionExpr(at, kind.Value, target, variable.Name, args[2], args[1])
            : new ComprehensionExpr(at, kind.Value, target, variable.Name, args[1], null);
    }
}
