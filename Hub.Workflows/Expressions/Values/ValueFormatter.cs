using System.Globalization;
using System.Text;

namespace Hub.Workflows.Expressions.Values;

/// <summary>Text forms of values for <c>string()</c> and for error messages.</summary>
internal static class ValueFormatter
{
    internal static string Format(CelValue value) => value switch
    {
        IntValue i => i.Value.ToString(CultureInfo.InvariantCulture),
        UintValue u => u.Value.ToString(CultureInfo.InvariantCulture) + "u",
        DoubleValue d => FormatDouble(d.Value),
        BoolValue b => b.Value ? "true" : "false",
        StringValue s => $"'{s.Value}'",
        BytesValue b => $"b'{Encoding.UTF8.GetString(b.Value)}'",
        NullValue => "null",
        ListValue l => $"[{string.Join(", ", l.Elements.Select(Format))}]",
        MapValue m => $"{{{string.Join(", ", m.Entries.Select(e => $"{Format(e.Key)}: {Format(e.Value)}"))}}}",
        TimestampValue t => CelTime.FormatTimestamp(t.Nanos),
        DurationValue d => CelTime.FormatDuration(d.Nanos),
        TypeValue t => t.Value.RuntimeName,
        ErrorValue e => $"error({e.Message})",
        _ => value.GetType().Name,
    };

    internal static string FormatDouble(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : value.ToString("R", CultureInfo.InvariantCulture);
}
