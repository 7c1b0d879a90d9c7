using System.Text.Json;

namespace Hub.Workflows.Expressions.Types;

/// <summary>Maps the JSON Schema vocabulary the Hub uses (JSON Schema 2020-12 §10.3.2 properties, §10.3.1 items,
/// validation §6.1.1 type, §7.3.1 date-time format) onto CEL types. Anything else, or a missing schema, is dyn.</summary>
internal static class JsonSchemaTypes
{
    private const int MaxSchemaDepth = 32;

    internal static CelType FromSchema(JsonElement schema, string path) => Convert(schema, path, 0);

    private static CelType Convert(JsonElement schema, string path, int depth)
    {
        if (schema.ValueKind != JsonValueKind.Object || depth > MaxSchemaDepth)
        {
            return CelType.Dyn;
        }

        var type = schema.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        switch (type)
        {
            case "string":
                return schema.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String
                    && f.GetString() == "date-time" ? CelType.Timestamp : CelType.String;
            case "integer":
                return CelType.Int;
            case "number":
                return CelType.Double;
            case "boolean":
                return CelType.Bool;
            case "null":
                return CelType.Null;
            case "array":
                return CelType.ListOf(schema.TryGetProperty("items", out var items)
                    ? Convert(items, path + "[]", depth + 1) : CelType.Dyn);
            case "object":
                if (!schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
                {
                    return CelType.MapOf(CelType.String, CelType.Dyn);
                }

                var fields = new Dictionary<string, CelType>(StringComparer.Ordinal);
                foreach (var property in properties.EnumerateObject())
                {
                    fields[property.Name] = Convert(property.Value, $"{path}.{property.Name}", depth + 1);
                }

                return CelType.Object(path, fields);
            default:
                return CelType.Dyn;
        }
    }
}
