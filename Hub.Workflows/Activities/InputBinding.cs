using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Xml;

namespace Hub.Workflows.Activities;

/// <summary>Converts input values (JSON literals, or CEL results turned into JSON) to an input property's type, and
/// names the JSON and CEL types that fit it. One place, so the validator and the runtime agree.</summary>
internal static class InputBinding
{
    private static readonly JsonSerializerOptions Strict = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    public static object? Convert(JsonElement value, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (value.ValueKind == JsonValueKind.Null)
        {
            return underlying is not null || !type.IsValueType ? null : throw Mismatch(type, value);
        }

        type = underlying ?? type;
        if (type == typeof(JsonElement))
        {
            return value.Clone();
        }

        if (type == typeof(string))
        {
            return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Mismatch(type, value);
        }

        if (type == typeof(bool))
        {
            return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw Mismatch(type, value);
        }

        if (type == typeof(int))
        {
            return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i) ? i : throw Mismatch(type, value);
        }

        if (type == typeof(long))
        {
            return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var l) ? l : throw Mismatch(type, value);
        }

        if (type == typeof(double))
        {
            return value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw Mismatch(type, value);
        }

        if (type == typeof(DateTimeOffset))
        {
            return value.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture,
                DateTimeStyles.RoundtripKind, out var t) ? t : throw Mismatch(type, value);
        }

        if (type == typeof(TimeSpan))
        {
            try
            {
                return value.ValueKind == JsonValueKind.String ? XmlConvert.ToTimeSpan(value.GetString()!) : throw Mismatch(type, value);
            }
            catch (FormatException)
            {
                throw Mismatch(type, value);
            }
        }

        if (type.IsEnum)
        {
            var names = Enum.GetNames(type);
            var match = value.ValueKind == JsonValueKind.String
                ? names.FirstOrDefault(n => string.Equals(n, value.GetString(), StringComparison.OrdinalIgnoreCase))
                : null;
            return match is not null ? Enum.Parse(type, match) : throw Mismatch(type, value);
        }

        try
        {
            return value.Deserialize(type, Strict) ?? throw Mismatch(type, value);
        }
        catch (JsonException e)
        {
            throw new FormatException($"expected {JsonTypeName(type)}, but {e.Message}", e);
        }
    }

    /// <summary>The JSON Schema style type name of an input type, for descriptors and messages.</summary>
    public static string JsonTypeName(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(string) => "string",
            _ when type == typeof(bool) => "boolean",
            _ when type == typeof(int) || type == typeof(long) => "integer",
            _ when type == typeof(double) => "number",
            _ when type == typeof(DateTimeOffset) => "date-time",
            _ when type == typeof(TimeSpan) => "duration",
            _ when type == typeof(JsonElement) => "any",
            _ when type.IsEnum => "enum",
            _ when type.IsAssignableTo(typeof(System.Collections.IEnumerable)) => "array",
            _ => "object",
        };
    }

    /// <summary>Whether a CEL result type can bind to the input type (dyn always may; it is checked at run time).</summary>
    public static bool Fits(string celType, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (celType == "dyn" || type == typeof(JsonElement))
        {
            return true;
        }

        return JsonTypeName(type) switch
        {
            "string" or "enum" => celType == "string",
            "boolean" => celType == "bool",
            "integer" => celType is "int" or "uint",
            "number" => celType is "double" or "int" or "uint",
            "date-time" => celType == "google.protobuf.Timestamp",
            "duration" => celType == "google.protobuf.Duration",
            "array" => celType.StartsWith("list(", StringComparison.Ordinal),
            _ => celType.StartsWith("map(", StringComparison.Ordinal) || !celType.Contains('(', StringComparison.Ordinal) && celType is not ("string" or "bool" or "int" or "uint" or "double" or "bytes" or "null_type"),
        };
    }

    /// <summary>Turns a CEL result (bool, long, double, string, timestamp, duration, list, map) into JSON.</summary>
    public static JsonElement FromCel(object? value) => JsonSerializer.SerializeToElement(ToPlain(value));

    private static object? ToPlain(object? value) => value switch
    {
        null or bool or long or ulong or double or string => value,
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        TimeSpan d => XmlConvert.ToString(d),
        byte[] b => System.Convert.ToBase64String(b),
        IDictionary<object, object?> m => m.ToDictionary(e => System.Convert.ToString(e.Key, CultureInfo.InvariantCulture)!, e => ToPlain(e.Value)),
        System.Collections.IEnumerable l => l.Cast<object?>().Select(ToPlain).ToList(),
        _ => value.ToString(),
    };

    private static FormatException Mismatch(Type type, JsonElement value) =>
        new($"expected {JsonTypeName(type)}{EnumNames(type)}, not {Describe(value)}");

    private static string EnumNames(Type type) => (Nullable.GetUnderlyingType(type) ?? type).IsEnum
        ? " (" + string.Join(", ", Enum.GetNames(Nullable.GetUnderlyingType(type) ?? type).Select(JsonNamingPolicy.CamelCase.ConvertName)) + ")"
        : "";

    private static string Describe(JsonElement value)
    {
        var raw = value.GetRawText();
        return $"{value.ValueKind.ToString().ToLowerInvariant()} {(raw.Length > 40 ? raw[..40] + "…" : raw)}";
    }

    public static IEnumerable<(PropertyInfo Property, InputAttribute Input)> Inputs(Type activityType) =>
        activityType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (p, p.GetCustomAttribute<InputAttribute>()))
            .Where(x => x.Item2 is not null)
            .Select(x => (x.p, x.Item2!))
            .OrderBy(x => x.Item2.Order);
}
