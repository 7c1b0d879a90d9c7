using Hub.Workflows.Expressions.Syntax;
using Hub.Workflows.Expressions.Values;

namespace Hub.Workflows.Expressions.Evaluation;

/// <summary>Walks an expression tree for one evaluation. One instance per call: it holds the step counter, so a
/// compiled expression stays immutable and can be evaluated from many threads at once.</summary>
internal sealed partial class Evaluator
{
    private readonly IReadOnlyDictionary<string, CelValue> bindings;
    private readonly RegexCache regexes;
    private readonly long maxCost;
    private long cost;

    internal Evaluator(IReadOnlyDictionary<string, CelValue> bindings, CelLimits limits, RegexCache regexes)
    {
        this.bindings = bindings;
        this.regexes = regexes;
        Limits = limits;
        maxCost = limits.MaxCost;
    }

    internal CelLimits Limits { get; }

    internal long Cost => cost;

    /// <summary>Adds to the step count; the budget is checked on every charge so nothing runs unbounded.</summary>
    internal void Charge(long steps)
    {
        cost += steps;
        if (cost > maxCost)
        {
            throw new CostLimitExceededException($"evaluation cost exceeds the limit of {maxCost} steps");
        }
    }

    /// <summary>Charges for data proportional to its size: one step per 16 elements or characters.</summary>
    internal void ChargeSize(long size) => Charge(size / 16);

    internal CelValue Evaluate(Expr expr, Scope? scope)
    {
        Charge(1);
        return expr switch
        {
            LiteralExpr literal => literal.Value,
            IdentExpr ident => Ident(ident, scope),
            SelectExpr select => Select(select, scope),
            CallExpr call => Call(call, scope),
            ListExpr list => List(list, scope),
            MapExpr map => Map(map, scope),
            ComprehensionExpr comprehension => Comprehension(comprehension, scope),
            _ => new ErrorValue($"unsupported expression {expr.GetType().Name}"),
        };
    }

    private CelValue Ident(IdentExpr ident, Scope? scope)
    {
        if (scope is not null && scope.TryGet(ident.Name, out var local))
        {
            return local;
        }

        if (bindings.TryGetValue(ident.Name, out var bound))
        {
            return bound;
        }

        return Types.StandardDeclarations.TypeNames.TryGetValue(ident.Name, out var type)
            ? new TypeValue(type)
            : new ErrorValue($"undeclared reference to '{ident.Name}'");
    }

    private CelValue Select(SelectExpr select, Scope? scope)
    {
        var operand = Evaluate(select.Operand, scope);
        switch (operand)
        {
            case ErrorValue:
                return operand;
            case MapValue map:
                var found = map.TryGet(new StringValue(select.Field), out var value);
                return select.TestOnly ? BoolValue.Of(found)
                    : found ? value : new ErrorValue($"no such key: '{select.Field}'");
            default:
                return new ErrorValue($"type '{operand.RuntimeType}' does not support field selection");
        }
    }

    private CelValue List(ListExpr list, Scope? scope)
    {
        var elements = new CelValue[list.Elements.Count];
        for (var i = 0; i < elements.Length; i++)
        {
            var element = Evaluate(list.Elements[i], scope);
            if (element.IsError)
            {
                return element;
            }

            elements[i] = element;
        }

        return new ListValue(elements);
    }

    private CelValue Map(MapExpr map, Scope? scope)
    {
        var entries = new List<KeyValuePair<CelValue, CelValue>>(map.Entries.Count);
        foreach (var entry in map.Entries)
        {
            var key = Evaluate(entry.Key, scope);
            if (key.IsError)
            {
                return key;
            }

            var value = Evaluate(entry.Value, scope);
            if (value.IsError)
            {
                return value;
            }

            entries.Add(new(key, value));
        }

        return MapValue.Create(entries);
    }

    private CelValue Call(CallExpr call, Scope? scope)
    {
        switch (call.Function)
        {
            case Operators.LogicalAnd:
                return Logical(call, scope, shortCircuitOn: false);
            case Operators.LogicalOr:
                return Logical(call, scope, shortCircuitOn: true);
            case Operators.Conditional:
                var condition = Evaluate(call.Args[0], scope);
                return condition switch
                {
                    BoolValue b => Evaluate(call.Args[b.Value ? 1 : 2], scope),
                    ErrorValue => condition,
                    _ => ErrorValue.NoOverload(Operators.Conditional, condition),
                };
        }

        var target = call.Target is null ? null : Evaluate(call.Target, scope);
        if (target is ErrorValue)
        {
            return target;
        }

        var args = new CelValue[call.Args.Count];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = Evaluate(call.Args[i], scope);
            if (args[i].IsError)
            {
                return args[i];
            }
        }

        return StandardFunctions.Invoke(this, call.Function, target, args, regexes);
    }

    /// <summary>CEL's commutative logic (langdef "Logical operators"): if either side decides the result, errors and
    /// non-booleans on the other side are ignored; otherwise the first error wins.</summary>
    private CelValue Logical(CallExpr call, Scope? scope, bool shortCircuitOn)
    {
        var left = Evaluate(call.Args[0], scope);
        if (left is BoolValue l && l.Value == shortCircuitOn)
        {
            return left;
        }

        var right = Evaluate(call.Args[1], scope);
        if (right is BoolValue r && r.Value == shortCircuitOn)
        {
            return right;
        }

        if (left is BoolValue && right is BoolValue)
        {
            return BoolValue.Of(!shortCircuitOn);
        }

        return left is ErrorValue ? left
            : right is ErrorValue ? right
            : ErrorValue.NoOverload(call.Function, left, right);
    }
}
