using System.Globalization;
using System.Text.Json;

namespace Hub.Activities.Documents.Templates;

/// <summary>The JSON Schema counterpart of <see cref="DataScope"/>: resolves a binding's path to the schema of the
/// value it will read, with the same innermost-first lookup, so the validator sees what the renderer will see.</summary>
internal sealed class SchemaScope
{
    public static readonly JsonElement AnySchema = JsonDocument.Parse("{}").RootElement;

    private SchemaScope(JsonElement schema, SchemaScope? parent)
    {
        Schema = schema;
        Parent = parent;
    }

    public JsonElement Schema { get; }

    public SchemaScope? Parent { get; }

    /// <summary>The schema of the innermost repeat's element, or null outside repeats.</summary>
    public JsonElement? ItemSchema => Parent is null ? null : Schema;

    public static SchemaScope ForRoot(JsonElement schema) => new(schema, null);

    public SchemaScope Push(JsonElement itemSchema) => new(itemSchema, this);

    /// <summary>The schema at <paramref name="path"/>, or the reason there is none.</summary>
    public (JsonElement? Schema, string? Problem) Resolve(string path)
    {
        if (path == DataScope.IndexName)
        {
            return Parent is null
                ? (null, "'@index' is only defined inside a repeat")
                : (JsonDocument.Parse("""{"type":"integer"}""").RootElement, null);
        }

        var segments = path.Split('.');
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            if (!scope.Schema.TryGetProperty("properties", out var properties))
            {
                if (TypeOf(scope.Schema) is null or "object")
                {
                    // A free-form object: any name may be there, and its type is unknown.
                    return (AnySchema, null);
                }

                continue;
            }

            if (properties.TryGetProperty(segments[0], out var first))
            {
                return Walk(first, segments, path);
            }
        }

        return (null, $"unknown field '{path}'");
    }

    /// <summary>The schema's type, the first one other than "null" when several are allowed; null when unstated.</summary>
    public static string? TypeOf(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out var type))
        {
            return schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out _) ? "object" : null;
        }

        return type.ValueKind switch
        {
            JsonValueKind.String => type.GetString(),
            JsonValueKind.Array => type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null"),
            _ => null,
        };
    }

    private static (JsonElement?, string?) Walk(JsonElement current, string[] segments, string path)
    {
        for (var i = 1; i < segments.Length; i++)
        {
            var type = TypeOf(current);
            if (current.TryGetProperty("properties", out var properties))
            {
                if (!properties.TryGetProperty(segments[i], out current))
                {
                    return (null, $"unknown field '{path}'");
                }
            }
            else if (type == "array" && int.TryParse(segments[i], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                current = current.TryGetProperty("items", out var items) ? items : AnySchema;
            }
            else if (type is null or "object")
            {
                return (AnySchema, null);
            }
            else
            {
                return (null, $"'{string.Join('.', segments[..i])}' is {type} in the schema and has no field '{segments[i]}'");
            }
        }

        return (current, null);
    }
}
