namespace Hub.Workflows.Expressions.Values;

/// <summary>Equality and ordering (langdef "Equality" and "Ordering"): numbers compare across int, uint and double
/// by mathematical value; values of different kinds are unequal, never an error; NaN equals nothing.</summary>
internal static class ValueComparison
{
    internal static bool AreEqual(CelValue a, CelValue b)
    {
        if (IsNumber(a) && IsNumber(b))
        {
            return CompareNumbers(a, b) == 0;
        }

        return (a, b) switch
        {
            (BoolValue x, BoolValue y) => x.Value == y.Value,
            (StringValue x, StringValue y) => string.Equals(x.Value, y.Value, StringComparison.Ordinal),
            (BytesValue x, BytesValue y) => x.Value.AsSpan().SequenceEqual(y.Value),
            (NullValue, NullValue) => true,
            (TimestampValue x, TimestampValue y) => x.Nanos == y.Nanos,
            (DurationValue x, DurationValue y) => x.Nanos == y.Nanos,
            (TypeValue x, TypeValue y) => x.Value.RuntimeName == y.Value.RuntimeName,
            (ListValue x, ListValue y) => ListsEqual(x, y),
            (MapValue x, MapValue y) => MapsEqual(x, y),
            _ => false,
        };
    }

    private static bool ListsEqual(ListValue x, ListValue y)
    {
        if (x.Elements.Count != y.Elements.Count)
        {
            return false;
        }

        for (var i = 0; i < x.Elements.Count; i++)
        {
            if (!AreEqual(x.Elements[i], y.Elements[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool MapsEqual(MapValue x, MapValue y)
    {
        if (x.Count != y.Count)
        {
            return false;
        }

        foreach (var entry in x.Entries)
        {
            if (!y.TryGet(entry.Key, out var other) || !AreEqual(entry.Value, other))
            {
                return false;
            }
        }

        return true;
    }

    internal static bool IsNumber(CelValue v) => v is IntValue or UintValue or DoubleValue;

    /// <summary>Orders two values of comparable kinds; null when the pair has no ordering (an overload error),
    /// and NaN compares as unordered (all of &lt;, &lt;=, &gt;, &gt;= false).</summary>
    internal static int? Compare(CelValue a, CelValue b)
    {
        if (IsNumber(a) && IsNumber(b))
        {
            return CompareNumbers(a, b);
        }

        return (a, b) switch
        {
            (StringValue x, StringValue y) => Math.Sign(string.CompareOrdinal(x.Value, y.Value)),
            (BytesValue x, BytesValue y) => Math.Sign(x.Value.AsSpan().SequenceCompareTo(y.Value)),
            (BoolValue x, BoolValue y) => x.Value.CompareTo(y.Value),
            (TimestampValue x, TimestampValue y) => x.Nanos.CompareTo(y.Nanos),
            (DurationValue x, DurationValue y) => x.Nanos.CompareTo(y.Nanos),
            _ => null,
        };
    }

    /// <summary>Exact numeric comparison; 2 stands for "unordered" (a NaN operand).</summary>
    internal static int CompareNumbers(CelValue a, CelValue b)
    {
        if (a is DoubleValue || b is DoubleValue)
        {
            if (a is DoubleValue da && b is DoubleValue db)
            {
                return double.IsNaN(da.Value) || double.IsNaN(db.Value) ? 2 : da.Value.CompareTo(db.Value);
            }

            var (d, other, flip) = a is DoubleValue x ? (x.Value, b, 1) : (((DoubleValue)b).Value, a, -1);
            if (double.IsNaN(d))
            {
                return 2;
            }

            return flip * CompareDoubleWithInteger(d, ToInt128(other));
        }

        return ToInt128(a).CompareTo(ToInt128(b));
    }

    private static Int128 ToInt128(CelValue v) => v is IntValue i ? i.Value : ((UintValue)v).Value;

    /// <summary>Compares a double with an int or uint the way the cel-spec conformance data expects: outside the
    /// integer type's range the double wins outright; inside, the integer is rounded to double, so 2^63-1 equals 2^63.0
    /// (comparisons.textproto, the *_big_lossy_double cases).</summary>
    private static int CompareDoubleWithInteger(double d, Int128 n)
    {
        var (min, max) = n <= long.MaxValue ? (-9.2233720368547758E18, 9.2233720368547758E18) : (0.0, 1.8446744073709552E19);
        if (d < min)
        {
            return -1;
        }

        if (d > max)
        {
            return 1;
        }

        return d.CompareTo((double)n);
    }
}
