using Hub.Workflows.Expressions.Syntax;
using Hub.Workflows.Expressions.Values;

namespace Hub.Workflows.Expressions.Types;

/// <summary>Type-checks an expression against declared variables (langdef "Type checking"). It keeps going after a
/// problem so a publisher sees every problem at once; an erroneous sub-expression gets the error type, which is
/// compatible with everything so one mistake does not cascade.</summary>
internal sealed class Checker
{
    private readonly IReadOnlyDictionary<string, CelType> declarations;
    private readonly List<(string Message, int Position)> problems = [];

    private Checker(IReadOnlyDictionary<string, CelType> declarations) => this.declarations = declarations;

    internal static (CelType Type, IReadOnlyList<(string Message, int Position)> Problems) Check(
        Expr expr, IReadOnlyDictionary<string, CelType> declarations)
    {
        var checker = new Checker(declarations);
        var type = checker.Visit(expr, new Dictionary<string, CelType>());
        return (type, checker.problems);
    }

    private CelType Fail(string message, int position)
    {
        problems.Add((message, position));
        return CelType.Error;
    }

    private CelType Visit(Expr expr, Dictionary<string, CelType> locals) => expr switch
    {
        LiteralExpr literal => literal.Value.RuntimeType,
        IdentExpr ident => Ident(ident, locals),
        SelectExpr select => Select(select, locals),
        CallExpr call => Call(call, locals),
        ListExpr list => list.Elements.Select(e => Visit(e, locals)).Aggregate((CelType?)null,
            (acc, t) => acc is null ? t : CelType.Join(acc, t)) is { } element ? CelType.ListOf(element) : CelType.ListOf(CelType.Dyn),
        MapExpr map => Map(map, locals),
        ComprehensionExpr comprehension => Comprehension(comprehension, locals),
        _ => Fail($"unsupported expression {expr.GetType().Name}", expr.Position),
    };

    private CelType Ident(IdentExpr ident, Dictionary<string, CelType> locals)
    {
        if (locals.TryGetValue(ident.Name, out var local) || declarations.TryGetValue(ident.Name, out local))
        {
            return local;
        }

        if (StandardDeclarations.TypeNames.TryGetValue(ident.Name, out var type))
        {
            return CelType.TypeOf(type);
        }

        var suggestion = Suggest(ident.Name, declarations.Keys.Concat(locals.Keys));
        return Fail($"undeclared reference to '{ident.Name}'{suggestion}", ident.Position);
    }

    private CelType Select(SelectExpr select, Dictionary<string, CelType> locals)
    {
        var operand = Visit(select.Operand, locals);
        var field = FieldType(operand, select.Field, select.Position);
        return select.TestOnly && field.Kind != CelKind.Error ? CelType.Bool : field;
    }

    private CelType FieldType(CelType operand, string field, int position)
    {
        switch (operand.Kind)
        {
            case CelKind.Dyn or CelKind.Error:
                return CelType.Dyn;
            case CelKind.Map when CelType.Compatible(operand.Parameters[0], CelType.String):
                return operand.Parameters[1];
            case CelKind.Object when operand.Fields!.TryGetValue(field, out var type):
                return type;
            case CelKind.Object:
                return Fail($"field '{field}' not found in {operand.Name}{Suggest(field, operand.Fields!.Keys)}", position);
            default:
                return Fail($"type '{operand}' does not support field selection", position);
        }
    }

    private CelType Map(MapExpr map, Dictionary<string, CelType> locals)
    {
        CelType? key = null;
        CelType? value = null;
        foreach (var entry in map.Entries)
        {
            var k = Visit(entry.Key, locals);
            if (k.Kind is not (CelKind.Int or CelKind.Uint or CelKind.Bool or CelKind.String or CelKind.Dyn or CelKind.Error))
            {
                Fail($"unsupported map key type '{k}'", entry.Position);
            }

            key = key is null ? k : CelType.Join(key, k);
            var v = Visit(entry.Value, locals);
            value = value is null ? v : CelType.Join(value, v);
        }

        return CelType.MapOf(key ?? CelType.Dyn, value ?? CelType.Dyn);
    }

    private CelType Comprehension(ComprehensionExpr c, Dictionary<string, CelType> locals)
    {
        var range = Visit(c.Range, locals);
        var element = range.Kind switch
        {
            CelKind.List => range.Parameters[0],
            CelKind.Map => range.Parameters[0],
            CelKind.Object => CelType.String,
            CelKind.Dyn or CelKind.Error => CelType.Dyn,
            _ => Fail($"expression of type '{range}' cannot be the range of a comprehension (must be list, map, or dynamic)",
                c.Range.Position),
        };
        var inner = new Dictionary<string, CelType>(locals) { [c.Variable] = element };
        var step = Visit(c.Step, inner);
        if (c.Filter is not null)
        {
            RequireBool(Visit(c.Filter, inner), c.Filter.Position, "map() filter");
        }

        switch (c.Kind)
        {
            case ComprehensionKind.Map:
                return CelType.ListOf(step);
            case ComprehensionKind.Filter:
                RequireBool(step, c.Step.Position, "filter() predicate");
                return CelType.ListOf(element);
            default:
                RequireBool(step, c.Step.Position, "predicate");
                return CelType.Bool;
        }
    }

    private void RequireBool(CelType type, int position, string what)
    {
        if (!CelType.Compatible(type, CelType.Bool) || type.Kind == CelKind.Null)
        {
            Fail($"{what} must be bool, found '{type}'", position);
        }
    }

    private CelType Call(CallExpr call, Dictionary<string, CelType> locals)
    {
        var target = call.Target is null ? null : Visit(call.Target, locals);
        var args = call.Args.Select(a => Visit(a, locals)).ToList();
        var candidates = StandardDeclarations.ByName[call.Function].ToList();
        if (candidates.Count == 0)
        {
            return Fail($"undeclared reference to '{call.Function}'", call.Position);
        }

        var actual = target is null ? args : [target, .. args];
        CelType? result = null;
        foreach (var overload in candidates.Where(o => o.Receiver == (target is not null) && o.Parameters.Count == actual.Count))
        {
            var bindings = new Dictionary<string, CelType>();
            if (actual.Select((t, i) => Unify(overload.Parameters[i], t, bindings)).All(ok => ok))
            {
                var r = Substitute(overload.Result, bindings);
                result = result is null ? r : CelType.Join(result, r);
            }
        }

        if (result is not null)
        {
            return result;
        }

        var shown = target is null
            ? $"({string.Join(", ", args)})"
            : $"{target}.({string.Join(", ", args)})";
        return Fail($"no matching overload for '{call.Function}' applied to {shown}", call.Position);
    }

    private static bool Unify(CelType parameter, CelType actual, Dictionary<string, CelType> bindings)
    {
        if (parameter.Kind == CelKind.TypeParam)
        {
            if (!bindings.TryGetValue(parameter.Name!, out var bound))
            {
                bindings[parameter.Name!] = actual;
                return true;
            }

            if (!CelType.Compatible(bound, actual))
            {
                return false;
            }

            bindings[parameter.Name!] = bound.IsDynOrError || bound.Kind == CelKind.Null ? actual : CelType.Join(bound, actual);
            return true;
        }

        if (actual.IsDynOrError || parameter.Kind == CelKind.Dyn)
        {
            return true;
        }

        if (actual.Kind == CelKind.Object && parameter.Kind == CelKind.Map)
        {
            return Unify(parameter.Parameters[0], CelType.String, bindings) && Unify(parameter.Parameters[1], CelType.Dyn, bindings);
        }

        if (parameter.Kind != actual.Kind || parameter.Parameters.Count != actual.Parameters.Count)
        {
            return false;
        }

        for (var i = 0; i < parameter.Parameters.Count; i++)
        {
            if (!Unify(parameter.Parameters[i], actual.Parameters[i], bindings))
            {
                return false;
            }
        }

        return true;
    }

    private static CelType Substitute(CelType type, Dictionary<string, CelType> bindings) => type.Kind switch
    {
        CelKind.TypeParam => bindings.TryGetValue(type.Name!, out var bound) && bound.Kind != CelKind.Error ? bound : CelType.Dyn,
        CelKind.List => CelType.ListOf(Substitute(type.Parameters[0], bindings)),
        CelKind.Map => CelType.MapOf(Substitute(type.Parameters[0], bindings), Substitute(type.Parameters[1], bindings)),
        CelKind.Type => CelType.TypeOf(Substitute(type.Parameters[0], bindings)),
        _ => type,
    };

    /// <summary>" (did you mean 'x'?)" for the closest known name within a small edit distance.</summary>
    private static string Suggest(string name, IEnumerable<string> known)
    {
        var best = known.Select(k => (Name: k, Distance: EditDistance(name, k)))
            .Where(c => c.Distance <= Math.Max(1, name.Length / 3))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Name is null ? "" : $" (did you mean '{best.Name}'?)";
    }

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
