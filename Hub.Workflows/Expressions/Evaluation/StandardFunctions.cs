using Hub.Workflows.Expressions.Syntax;
using Hub.Workflows.Expressions.Values;

namespace Hub.Workflows.Expressions.Evaluation;

/// <summary>Runtime dispatch of the standard functions on argument values (langdef "Standard definitions").
/// Arguments arrive already evaluated and error-free; every failure is returned as an <see cref="ErrorValue"/>.</summary>
internal static partial class StandardFunctions
{
    internal static CelValue Invoke(Evaluator ev, string function, CelValue? target, CelValue[] args, RegexCache regexes)
    {
        if (target is not null)
        {
            return Method(ev, function, target, args, regexes);
        }

        switch (function, args.Length)
        {
            case (Operators.Equal, 2):
                ev.ChargeSize(Size(args[0]));
                return BoolValue.Of(ValueComparison.AreEqual(args[0], args[1]));
            case (Operators.NotEqual, 2):
                ev.ChargeSize(Size(args[0]));
                return BoolValue.Of(!ValueComparison.AreEqual(args[0], args[1]));
            case (Operators.Less or Operators.LessEquals or Operators.Greater or Operators.GreaterEquals, 2):
                return Relation(function, args[0], args[1]);
            case (Operators.LogicalNot, 1):
                return args[0] is BoolValue b ? BoolValue.Of(!b.Value) : ErrorValue.NoOverload(function, args);
            case (Operators.Negate, 1):
                return args[0] switch
                {
                    IntValue i => i.Value == long.MinValue ? Overflow() : new IntValue(-i.Value),
                    DoubleValue d => new DoubleValue(-d.Value),
                    _ => ErrorValue.NoOverload(function, args),
                };
            case (Operators.Add, 2):
                return Add(ev, args[0], args[1]);
            case (Operators.Subtract or Operators.Multiply or Operators.Divide or Operators.Modulo, 2):
                return Arithmetic(function, args[0], args[1]);
            case (Operators.Index, 2):
                return Index(args[0], args[1]);
            case (Operators.In, 2):
                return In(ev, args[0], args[1]);
            case ("size", 1):
                return SizeOf(args[0]);
            case ("matches", 2):
                return Method(ev, function, args[0], [args[1]], regexes);
            default:
                return Conversion(function, args) ?? new ErrorValue($"unbound function '{function}'");
        }
    }

    internal static ErrorValue Overflow() => new("integer overflow");

    private static long Size(CelValue v) => v switch
    {
        StringValue s => s.Value.Length,
        BytesValue b => b.Value.Length,
        ListValue l => l.Elements.Count,
        MapValue m => m.Count,
        _ => 0,
    };

    private static CelValue Relation(string function, CelValue a, CelValue b)
    {
        if (ValueComparison.Compare(a, b) is not { } c)
        {
            return ErrorValue.NoOverload(function, a, b);
        }

        return BoolValue.Of(function switch
        {
            Operators.Less => c == -1,
            Operators.LessEquals => c is -1 or 0,
            Operators.Greater => c == 1,
            _ => c is 1 or 0,
        });
    }

    private static CelValue Add(Evaluator ev, CelValue a, CelValue b)
    {
        switch (a, b)
        {
            case (StringValue x, StringValue y):
                var length = (long)x.Value.Length + y.Value.Length;
                ev.ChargeSize(length);
                return length > ev.Limits.MaxStringLength
                    ? new ErrorValue($"string length exceeds the limit of {ev.Limits.MaxStringLength}")
                    : new StringValue(x.Value + y.Value);
            case (BytesValue x, BytesValue y):
                ev.ChargeSize(x.Value.Length + y.Value.Length);
                return (long)x.Value.Length + y.Value.Length > ev.Limits.MaxStringLength
                    ? new ErrorValue($"bytes length exceeds the limit of {ev.Limits.MaxStringLength}")
                    : new BytesValue([.. x.Value, .. y.Value]);
            case (ListValue x, ListValue y):
                ev.ChargeSize(x.Elements.Count + y.Elements.Count);
                return (long)x.Elements.Count + y.Elements.Count > ev.Limits.MaxListLength
                    ? new ErrorValue($"list length exceeds the limit of {ev.Limits.MaxListLength}")
                    : new ListValue([.. x.Elements, .. y.Elements]);
            case (TimestampValue t, DurationValue d):
                return CelTime.Timestamp(t.Nanos + d.Nanos);
            case (DurationValue d, TimestampValue t):
                return CelTime.Timestamp(t.Nanos + d.Nanos);
            case (DurationValue x, DurationValue y):
                return DurationOf((Int128)x.Nanos + y.Nanos);
            default:
                return Arithmetic(Operators.Add, a, b);
        }
    }

    private static CelValue DurationOf(Int128 nanos) =>
        nanos < long.MinValue || nanos > long.MaxValue ? new ErrorValue("duration out of range") : new DurationValue((long)nanos);

    private static CelValue Arithmetic(string op, CelValue a, CelValue b)
    {
        try
        {
            return (a, b) switch
            {
                (IntValue x, IntValue y) => op switch
                {
                    Operators.Add => new IntValue(checked(x.Value + y.Value)),
                    Operators.Subtract => new IntValue(checked(x.Value - y.Value)),
                    Operators.Multiply => new IntValue(checked(x.Value * y.Value)),
                    Operators.Divide => y.Value == 0 ? new ErrorValue("division by zero")
                        : x.Value == long.MinValue && y.Value == -1 ? Overflow() : new IntValue(x.Value / y.Value),
                    _ => y.Value == 0 ? new ErrorValue("modulus by zero")
                        : y.Value == -1 ? new IntValue(0) : new IntValue(x.Value % y.Value),
                },
                (UintValue x, UintValue y) => op switch
                {
                    Operators.Add => new UintValue(checked(x.Value + y.Value)),
                    Operators.Subtract => new UintValue(checked(x.Value - y.Value)),
                    Operators.Multiply => new UintValue(checked(x.Value * y.Value)),
                    Operators.Divide => y.Value == 0 ? new ErrorValue("division by zero") : new UintValue(x.Value / y.Value),
                    _ => y.Value == 0 ? new ErrorValue("modulus by zero") : new UintValue(x.Value % y.Value),
                },
                (DoubleValue x, DoubleValue y) when op != Operators.Modulo => new DoubleValue(op switch
                {
                    Operators.Add => x.Value + y.Value,
                    Operators.Subtract => x.Value - y.Value,
                    Operators.Multiply => x.Value * y.Value,
                    _ => x.Value / y.Value,
                }),
                (TimestampValue x, DurationValue y) when op == Operators.Subtract => CelTime.Timestamp(x.Nanos - y.Nanos),
                (TimestampValue x, TimestampValue y) when op == Operators.Subtract => DurationOf(x.Nanos - y.Nanos),
                (DurationValue x, DurationValue y) when op == Operators.Subtract => DurationOf((Int128)x.Nanos - y.Nanos),
                _ => ErrorValue.NoOverload(op, a, b),
            };
        }
        catch (OverflowException)
        {
            return Overflow();
        }
    }

    private static CelValue Index(CelValue container, CelValue key)
    {
        switch (container)
        {
            case ListValue list:
                long? i = key switch
                {
                    IntValue k => k.Value,
                    UintValue k => k.Value > long.MaxValue ? -1 : (long)k.Value,
                    DoubleValue k when Math.Floor(k.Value) == k.Value && Math.Abs(k.Value) < 9e18 => (long)k.Value,
                    _ => null,
                };
                if (i is null)
                {
                    return new ErrorValue($"invalid_argument: list index must be an integer, found {key.RuntimeType}");
                }

                return i < 0 || i >= list.Elements.Count
                    ? new ErrorValue($"invalid_argument: index {i} out of range for a list of size {list.Elements.Count}")
                    : list.Elements[(int)i];
            case MapValue map:
                return map.TryGet(key, out var value) ? value : new ErrorValue($"no such key: {ValueFormatter.Format(key)}");
            default:
                return ErrorValue.NoOverload(Operators.Index, container, key);
        }
    }

    private static CelValue In(Evaluator ev, CelValue element, CelValue container)
    {
        switch (container)
        {
            case ListValue list:
                ev.ChargeSize(list.Elements.Count);
                return BoolValue.Of(list.Elements.Any(e => ValueComparison.AreEqual(element, e)));
            case MapValue map:
                return BoolValue.Of(map.TryGet(element, out _));
            default:
                return ErrorValue.NoOverload(Operators.In, element, container);
        }
    }

    private static CelValue SizeOf(CelValue v) => v switch
    {
        StringValue s => new IntValue(CodePointCount(s.Value)),
        BytesValue or ListValue or MapValue => new IntValue(Size(v)),
        _ => ErrorValue.NoOverload("size", v),
    };

    /// <summary>CEL strings are sequences of code points, not UTF-16 units (langdef "Strings").</summary>
    internal static int CodePointCount(string s)
    {
        var count = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (!(char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])))
            {
                count++;
            }
        }

        return count;
    }
}
