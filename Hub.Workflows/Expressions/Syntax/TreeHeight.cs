namespace Hub.Workflows.Expressions.Syntax;

/// <summary>Finds a node deeper than a limit without recursing, so a very tall tree (a long operator chain) is
/// measured safely before anything walks it recursively.</summary>
internal static class TreeHeight
{
    internal static Expr? Exceeds(Expr root, int maxHeight)
    {
        var stack = new Stack<(Expr Node, int Depth)>();
        stack.Push((root, 1));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            if (depth > maxHeight)
            {
                return node;
            }

            foreach (var child in Children(node))
            {
                stack.Push((child, depth + 1));
            }
        }

        return null;
    }

    private static IEnumerable<Expr> Children(Expr node) => node switch
    {
        SelectExpr s => [s.Operand],
        CallExpr c => c.Target is null ? c.Args : [c.Target, .. c.Args],
        ListExpr l => l.Elements,
        MapExpr m => m.Entries.SelectMany(e => new[] { e.Key, e.Value }),
        ComprehensionExpr c => c.Filter is null ? [c.Range, c.Step] : [c.Range, c.Step, c.Filter],
        _ => [],
    };
}
