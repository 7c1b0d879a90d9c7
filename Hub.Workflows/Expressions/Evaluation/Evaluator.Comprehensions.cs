using Hub.Workflows.Expressions.Syntax;
using Hub.Workflows.Expressions.Values;

namespace Hub.Workflows.Expressions.Evaluation;

/// <summary>The macros' loops. all/exists follow the logical operators' error rules across iterations;
/// exists_one, map and filter are strict (any error is the result).</summary>
internal sealed partial class Evaluator
{
    private CelValue Comprehension(ComprehensionExpr c, Scope? scope)
    {
        var range = Evaluate(c.Range, scope);
        IReadOnlyList<CelValue> items = range switch
        {
            ListValue list => list.Elements,
            MapValue map => [.. map.Entries.Select(e => e.Key)],
            ErrorValue => [],
            _ => [],
        };
        if (range is ErrorValue)
        {
            return range;
        }

        if (range is not (ListValue or MapValue))
        {
            return new ErrorValue($"expression of type '{range.RuntimeType}' cannot be the range of a comprehension");
        }

        return c.Kind switch
        {
            ComprehensionKind.All => Quantify(c, items, scope, decisive: false),
            ComprehensionKind.Exists => Quantify(c, items, scope, decisive: true),
            ComprehensionKind.ExistsOne => ExistsOne(c, items, scope),
            _ => Collect(c, items, scope),
        };
    }

    private CelValue Quantify(ComprehensionExpr c, IReadOnlyList<CelValue> items, Scope? scope, bool decisive)
    {
        CelValue? firstError = null;
        foreach (var item in items)
        {
            Charge(1);
            var result = Evaluate(c.Step, new Scope(c.Variable, item, scope));
            if (result is BoolValue b)
            {
                if (b.Value == decisive)
                {
                    return b;
                }
            }
            else
            {
                firstError ??= result as ErrorValue ?? ErrorValue.NoOverload(c.Kind == ComprehensionKind.All ? "all" : "exists", result);
            }
        }

        return firstError ?? BoolValue.Of(!decisive);
    }

    private CelValue ExistsOne(ComprehensionExpr c, IReadOnlyList<CelValue> items, Scope? scope)
    {
        var count = 0;
        foreach (var item in items)
        {
            Charge(1);
            var result = Evaluate(c.Step, new Scope(c.Variable, item, scope));
            switch (result)
            {
                case BoolValue b:
                    count += b.Value ? 1 : 0;
                    break;
                case ErrorValue:
                    return result;
                default:
                    return ErrorValue.NoOverload("exists_one", result);
            }
        }

        return BoolValue.Of(count == 1);
    }

    private CelValue Collect(ComprehensionExpr c, IReadOnlyList<CelValue> items, Scope? scope)
    {
        var output = new List<CelValue>();
        foreach (var item in items)
        {
            Charge(1);
            var inner = new Scope(c.Variable, item, scope);
            var filter = c.Kind == ComprehensionKind.Filter ? c.Step : c.Filter;
            if (filter is not null)
            {
                var keep = Evaluate(filter, inner);
                if (keep is not BoolValue k)
                {
                    return keep as ErrorValue ?? ErrorValue.NoOverload("filter", keep);
                }

                if (!k.Value)
                {
                    continue;
                }
            }

            var value = c.Kind == ComprehensionKind.Filter ? item : Evaluate(c.Step, inner);
            if (value.IsError)
            {
                return value;
            }

            output.Add(value);
            if (output.Count > Limits.MaxListLength)
            {
                return new ErrorValue($"list length exceeds the limit of {Limits.MaxListLength}");
            }
        }

        return new ListValue(output);
    }
}
