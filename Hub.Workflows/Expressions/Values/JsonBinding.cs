using System.Text.Json;
using Hub.Workflows.Expressions.Types;

namespace Hub.Workflows.Expressions.Values;

/// <summary>Turns JSON into CEL values guided by the declared type: a number is an int under <c>integer</c>, a double
/// under <c>number</c> or dyn (CEL's JSON mapping, langdef "JSON data conversion"); a <c>date-time</c> string is a
/// timestamp. A value that does not fit its declared type becomes an error value at that spot, so an expression
/// that never reads it is not affected. Size and depth are bounded so huge inputs are refused.</summary>
internal sealed class JsonBinding(int maxNodes, int maxDepth)
{
    private int nodes;

    internal CelValue Bind(JsonElement json, CelType type, string path) => Convert(json, type, path, 0);

    private CelValue Convert(JsonElement json, CelType type, string path, int depth)
    {
        if (++nodes > maxNodes)
        {
            throw new JsonBindingException($"JSON input has more than {maxNodes} values");
        }

        if (depth > maxDepth)
        {
            throw new JsonBindingException($"JSON input nests deeper than {maxDepth} levels at {path}");
        }

        switch (json.ValueKind)
        {
            case JsonValueKind.Null:
                return NullValue.Instance;
            case JsonValueKind.True or JsonValueKind.False:
                return BoolValue.Of(json.GetBoolean());
            case JsonValueKind.Number:
                return Number(json, type, path);
            case JsonValueKind.String:
                var text = json.GetString()!;
                return type.Kind == CelKind.Timestamp
                    ? CelTime.ParseTimestamp(text) is TimestampValue t ? t
                        : new ErrorValue($"{path}: '{text}' is not an RFC 3339 date-time")
                    : new StringValue(text);
            case JsonValueKind.Array:
                var element = type.Kind == CelKind.List ? type.Parameters[0] : CelType.Dyn;
                var items = new List<CelValue>();
                var index = 0;
                foreach (var item in json.EnumerateArray())
                {
                    items.Add(Convert(item, element, $"{path}[{index++}]", depth + 1));
                }

                return new ListValue(items);
            case JsonValueKind.Object:
                var entries = new List<KeyValuePair<CelValue, CelValue>>();
                foreach (var property in json.EnumerateObject())
                {
                    var fieldType = type.Kind == CelKind.Object && type.Fields!.TryGetValue(property.Name, out var f) ? f
                        : type.Kind == CelKind.Map ? type.Parameters[1] : CelType.Dyn;
                    entries.Add(new(new StringValue(property.Name),
                        Convert(property.Value, fieldType, $"{path}.{property.Name}", depth + 1)));
                }

                // JSON objects may repeat a name (RFC 8259 §4 leaves it open); the map refuses, as an error value.
                return MapValue.Create(entries);
            default:
                return new ErrorValue($"{path}: unsupported JSON value");
        }
    }

    private static CelValue Number(JsonElement json, CelType type, string path)
    {
        switch (type.Kind)
        {
            case CelKind.Int:
                return json.TryGetInt64(out var l) ? new IntValue(l)
                    : json.TryGetDouble(out var d) && Math.Floor(d) == d && Math.Abs(d) < 9.2e18 ? new IntValue((long)d)
                    : new ErrorValue($"{path}: {json.GetRawText()} is not an int");
            case CelKind.Uint:
                return json.TryGetUInt64(out var u) ? new UintValue(u) : new ErrorValue($"{path}: {json.GetRawText()} is not a uint");
            default:
                // Beyond double's range (1e400) System.Text.Json gives infinity, as IEEE 754 rounding does; never throw here.
                return json.TryGetDouble(out var value) ? new DoubleValue(value)
                    : new ErrorValue($"{path}: {json.GetRawText()} is out of range for a double");
        }
    }
}

internal sealed class JsonBindingException(string message) : Exception(message);
