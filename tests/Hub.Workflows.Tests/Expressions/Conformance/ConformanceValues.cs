using System.Globalization;
using Hub.Workflows.Expressions.Types;
using Hub.Workflows.Expressions.Values;

namespace Hub.Workflows.Tests.Expressions.Conformance;

/// <summary>Converts cel.expr.Value and cel.expr.Type messages (value.proto, checked.proto) into our values and types,
/// and compares results the way simple.proto asks: exact kinds, NaN matches NaN, maps ignore order.</summary>
internal static class ConformanceValues
{
    /// <summary>The value, or null when it uses something outside the subset (object_value, enum_value).</summary>
    public static CelValue? ToValue(TextMessage value)
    {
        var field = value.Fields.FirstOrDefault() ?? throw new FormatException("empty Value");
        switch (field.Name)
        {
            case "null_value":
                return NullValue.Instance;
            case "bool_value":
                return BoolValue.Of(field.Text == "true");
            case "int64_value":
                return new IntValue(long.Parse(field.Text, CultureInfo.InvariantCulture));
            case "uint64_value":
                return new UintValue(ulong.Parse(field.Text, CultureInfo.InvariantCulture));
            case "double_value":
                return new DoubleValue(field.Text.ToLowerInvariant() switch
                {
                    "inf" or "infinity" => double.PositiveInfinity,
                    "-inf" or "-infinity" => double.NegativeInfinity,
                    "nan" => double.NaN,
                    var t => double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture),
                });
            case "string_value":
                return new StringValue(field.Text);
            case "bytes_value":
                return new BytesValue(field.Bytes ?? []);
            case "type_value":
                return StandardDeclarations.TypeNames.TryGetValue(field.Text, out var type) ? new TypeValue(type) : null;
            case "list_value":
                var items = field.Message!.All("values").Select(v => ToValue(v.Message!)).ToList();
                return items.Any(i => i is null) ? null : new ListValue(items!);
            case "map_value":
                var entries = new List<KeyValuePair<CelValue, CelValue>>();
                foreach (var entry in field.Message!.All("entries"))
                {
                    var k = ToValue(entry.Message!.Message("key")!);
                    var v = ToValue(entry.Message!.Message("value")!);
                    if (k is null || v is null)
                    {
                        return null;
                    }

                    entries.Add(new(k, v));
                }

                return MapValue.Create(entries);
            case "object_value":
                return WellKnownObject(field.Message!);
            default:
                return null;
        }
    }

    /// <summary>google.protobuf.Duration and Timestamp packed in an Any are CEL durations and timestamps; other
    /// messages are outside the subset.</summary>
    private static CelValue? WellKnownObject(TextMessage any)
    {
        var packed = any.Fields.FirstOrDefault();
        if (packed?.Message is not { } body)
        {
            return null;
        }

        var seconds = long.Parse(body.Text("seconds") ?? "0", CultureInfo.InvariantCulture);
        var nanos = long.Parse(body.Text("nanos") ?? "0", CultureInfo.InvariantCulture);
        return packed.Name switch
        {
            "[type.googleapis.com/google.protobuf.Duration]" => new DurationValue((seconds * CelTime.NanosPerSecond) + nanos),
            "[type.googleapis.com/google.protobuf.Timestamp]" => new TimestampValue(((Int128)seconds * CelTime.NanosPerSecond) + nanos),
            _ => null,
        };
    }

    /// <summary>The declared type of a type_env identifier, or null for protobuf message types and the like.</summary>
    public static CelType? ToType(TextMessage type)
    {
        var field = type.Fields.FirstOrDefault();
        if (field is null)
        {
            return null;
        }

        return field.Name switch
        {
            "dyn" => CelType.Dyn,
            "null" => CelType.Null,
            "primitive" => field.Text switch
            {
                "BOOL" => CelType.Bool,
                "INT64" => CelType.Int,
                "UINT64" => CelType.Uint,
                "DOUBLE" => CelType.Double,
                "STRING" => CelType.String,
                "BYTES" => CelType.Bytes,
                _ => null,
            },
            "well_known" => field.Text switch
            {
                "TIMESTAMP" => CelType.Timestamp,
                "DURATION" => CelType.Duration,
                _ => null,
            },
            "list_type" => ToType(field.Message!.Message("elem_type")!) is { } e ? CelType.ListOf(e) : null,
            "map_type" => ToType(field.Message!.Message("key_type")!) is { } k
                && ToType(field.Message!.Message("value_type")!) is { } v ? CelType.MapOf(k, v) : null,
            "type" => CelType.TypeOf(CelType.Dyn),
            "message_type" => field.Text switch
            {
                "google.protobuf.Duration" => CelType.Duration,
                "google.protobuf.Timestamp" => CelType.Timestamp,
                _ => null,
            },
            _ => null,
        };
    }

    public static bool Same(CelValue expected, CelValue actual) => (expected, actual) switch
    {
        (IntValue x, IntValue y) => x.Value == y.Value,
        (UintValue x, UintValue y) => x.Value == y.Value,
        (DoubleValue x, DoubleValue y) => x.Value.Equals(y.Value),
        (ListValue x, ListValue y) => x.Elements.Count == y.Elements.Count
            && x.Elements.Zip(y.Elements).All(p => Same(p.First, p.Second)),
        (MapValue x, MapValue y) => x.Count == y.Count
            && x.Entries.All(e => y.TryGet(e.Key, out var other) && Same(e.Value, other)),
        (TypeValue x, TypeValue y) => x.Value.RuntimeName == y.Value.RuntimeName,
        _ => expected.GetType() == actual.GetType() && ValueComparison.AreEqual(expected, actual),
    };
}
