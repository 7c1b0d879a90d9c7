namespace Hub.Workflows.Expressions.Syntax;

/// <summary>Turns dotted selections that spell a declared qualified name into one identifier, preferring the longest
/// declared prefix (cel-spec fields.textproto "qualified_identifier_resolution"): with <c>a.b</c> declared,
/// <c>a.b.c</c> becomes <c>(a.b).c</c>. Comprehension variables shadow declarations.</summary>
internal static class NameResolver
{
    internal static Expr Resolve(Expr expr, Func<string, bool> isDeclared) => Rewrite(expr, isDeclared, []);

    private static Expr Rewrite(Expr expr, Func<string, bool> isDeclared, HashSet<string> locals)
    {
        switch (expr)
        {
            case SelectExpr select:
                if (ResolveQualified(select, isDeclared, locals) is { } resolved)
                {
                    return resolved;
                }

                return select with { Operand = Rewrite(select.Operand, isDeclared, locals) };
            case CallExpr call:
                return call with
                {
                    Target = call.Target is null ? null : Rewrite(call.Target, isDeclared, locals),
                    Args = [.. call.Args.Select(a => Rewrite(a, isDeclared, locals))],
                };
            case ListExpr list:
                return list with { Elements = [.. list.Elements.Select(e => Rewrite(e, isDeclared, locals))] };
            case MapExpr map:
                return map with
                {
                    Entries = [.. map.Entries.Select(e => e with
                    {
                        Key = Rewrite(e.Key, isDeclared, locals),
                        Value = Rewrite(e.Value, isDeclared, locals),
                    })],
                };
            case ComprehensionExpr comprehension:
                var range = Rewrite(comprehension.Range, isDeclared, locals);
                var inner = new HashSet<string>(locals) { comprehension.Variable };
                return comprehension with
                {
                    Range = range,
                    Step = Rewrite(comprehension.Step, isDeclared, inner),
                    Filter = comprehension.Filter is null ? null : Rewrite(comprehension.Filter, isDeclared, inner),
                };
            default:
                return expr;
        }
    }

    private static Expr? ResolveQualified(SelectExpr select, Func<string, bool> isDeclared, HashSet<string> locals)
    {
        var parts = new List<string>();
        var fields = new List<SelectExpr>();
        Expr current = select;
        while (current is SelectExpr s)
        {
            fields.Add(s);
            current = s.Operand;
        }

        if (current is not IdentExpr root || locals.Contains(root.Name))
        {
            return null;
        }

        fields.Reverse();
        parts.Add(root.Name);
        parts.AddRange(fields.Select(f => f.Field));

        // Longest prefix first; a test-only (has) selection keeps its last field as the presence test.
        var last = select.TestOnly ? parts.Count - 1 : parts.Count;
        for (var length = last; length >= 2; length--)
        {
            var name = string.Join('.', parts.Take(length));
            if (!isDeclared(name))
            {
                continue;
            }

            Expr result = new IdentExpr(root.Position, name);
            for (var i = length - 1; i < fields.Count; i++)
            {
                result = fields[i] with { Operand = result };
            }

            return result;
        }

        return null;
    }
}
