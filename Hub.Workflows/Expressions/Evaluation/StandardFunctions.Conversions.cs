using System.Globalization;
using System.Text;
using Hub.Workflows.Expressions.Types;
using Hub.Workflows.Expressions.Values;

namespace Hub.Workflows.Expressions.Evaluation;

/// <summary>Type conversions (langdef "Type conversions"): out-of-range conversions are errors, never wrap-around;
/// double to int truncates toward zero.</summary>
internal static partial class StandardFunctions
{
    private static CelValue? Conversion(string function, CelValue[] args)
    {
        if (args.Length != 1)
        {
            return null;
        }

        var v = args[0];
        return function switch
        {
            "int" => ToInt(v),
            "uint" => ToUint(v),
            "double" => ToDouble(v),
            "string" => ToText(v),
            "bytes" => v switch
            {
                BytesValue => v,
                StringValue s => new BytesValue(Encoding.UTF8.GetBytes(s.Value)),
                _ => ErrorValue.NoOverload(function, v),
            },
            "bool" => v switch
            {
                BoolValue => v,
                StringValue { Value: "true" or "TRUE" or "True" or "t" or "1" } => BoolValue.True,
                StringValue { Value: "false" or "FALSE" or "False" or "f" or "0" } => BoolValue.False,
                _ => new ErrorValue($"cannot convert {ValueFormatter.Format(v)} to bool"),
            },
            "dyn" => v,
            "type" => new TypeValue(v is MapValue ? CelType.MapOf(CelType.Dyn, CelType.Dyn) : v.RuntimeType),
            "timestamp" => v switch
            {
                TimestampValue => v,
                StringValue s => CelTime.ParseTimestamp(s.Value),
                IntValue i => CelTime.Timestamp((Int128)i.Value * CelTime.NanosPerSecond),
                _ => ErrorValue.NoOverload(function, v),
            },
            "duration" => v switch
            {
                DurationValue => v,
                StringValue s => CelTime.ParseDuration(s.Value),
                _ => ErrorValue.NoOverload(function, v),
            },
            _ => null,
        };
    }

    private static CelValue ToInt(CelValue v) => v switch
    {
        IntValue => v,
        UintValue u => u.Value > long.MaxValue ? new ErrorValue("int conversion out of range") : new IntValue((long)u.Value),
        DoubleValue d => double.IsNaN(d.Value) || d.Value <= -9.223372036854775808E18 || d.Value >= 9.223372036854775807E18
            ? new ErrorValue("int conversion out of range") : new IntValue((long)d.Value),
        StringValue s => long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)
            ? new IntValue(i) : new ErrorValue($"cannot convert '{s.Value}' to int"),
        TimestampValue t => new IntValue((long)CelTime.FloorDiv(t.Nanos, CelTime.NanosPerSecond)),
        DurationValue d => new IntValue(d.Nanos / CelTime.NanosPerSecond),
        _ => ErrorValue.NoOverload("int", v),
    };

    private static CelValue ToUint(CelValue v) => v switch
    {
        UintValue => v,
        IntValue i => i.Value < 0 ? new ErrorValue("uint conversion out of range") : new UintValue((ulong)i.Value),
        DoubleValue d => double.IsNaN(d.Value) || d.Value < 0 || d.Value >= 1.8446744073709552E19
            ? new ErrorValue("uint conversion out of range") : new UintValue((ulong)d.Value),
        StringValue s => ulong.TryParse(s.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var u)
            ? new UintValue(u) : new ErrorValue($"cannot convert '{s.Value}' to uint"),
        _ => ErrorValue.NoOverload("uint", v),
    };

    private static CelValue ToDouble(CelValue v) => v switch
    {
        DoubleValue => v,
        IntValue i => new DoubleValue(i.Value),
        UintValue u => new DoubleValue(u.Value),
        StringValue s => double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? new DoubleValue(d)
            : s.Value switch
            {
                "NaN" => new DoubleValue(double.NaN),
                "Infinity" or "+Infinity" or "inf" => new DoubleValue(double.PositiveInfinity),
                "-Infinity" or "-inf" => new DoubleValue(double.NegativeInfinity),
                _ => new ErrorValue($"cannot convert '{s.Value}' to double"),
            },
        _ => ErrorValue.NoOverload("double", v),
    };

    private static CelValue ToText(CelValue v) => v switch
    {
        StringValue => v,
        IntValue or DoubleValue or BoolValue or TimestampValue or DurationValue => new StringValue(ValueFormatter.Format(v)),
        UintValue u => new StringValue(u.Value.ToString(CultureInfo.InvariantCulture)),
        BytesValue b => Utf8(b.Value),
        _ => ErrorValue.NoOverload("string", v),
    };

    private static CelValue Utf8(byte[] bytes)
    {
        try
        {
            return new StringValue(new UTF8Encoding(false, true).GetString(bytes));
        }
        catch (DecoderFallbackException)
        {
            return new ErrorValue("invalid UTF-8 in bytes to string conversion");
        }
    }
}
