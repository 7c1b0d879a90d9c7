using System.Text.Json;

namespace Hub.Workflows.Definitions.Inputs;

/// <summary>Which JSON Schema 2020-12 keywords an input schema may use, and whether their values are well formed.
/// A keyword the validator does not apply would make the schema mean less than it says, so it is a publish problem
/// (docs/workflow-format.md, "Input schema").</summary>
public static class InputSchemaRules
{
    /// <summary>The keywords <see cref="InputSchemaValidator"/> applies.</summary>
    public static readonly IReadOnlySet<string> Assertions = new HashSet<string>(StringComparer.Ordinal)
    {
        "type", "required", "properties", "additionalProperties", "enum", "const", "minimum", "maximum", "exclusiveMinimum",
        "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "pattern", "format", "items", "minItems", "maxItems", "uniqueItems",
    };

    /// <summary>Annotations: allowed, and never change what is valid.</summary>
    public static readonly IReadOnlySet<string> Annotations = new HashSet<string>(StringComparer.Ordinal)
    {
        "$schema", "$comment", "title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly",
    };

    private static readonly HashSet<string> TypeNames = new(StringComparer.Ordinal) { "null", "boolean", "object", "array", "number", "string", "integer" };

    /// <summary>Every problem of <paramref name="schema"/>, each prefixed with its location in the schema (e.g.
    /// <c>properties.amount.minimum</c>); empty when the validator can apply it as written.</summary>
    public static IReadOnlyList<string> Problems(JsonElement schema, int maxDepth = 32)
    {
        var problems = new List<string>();
        Check(schema, "", 0, maxDepth, problems);
        return problems;
    }

    private static void Check(JsonElement schema, string at, int depth, int maxDepth, List<string> problems)
    {
        var where = at.Length == 0 ? "the schema" : at;
        if (depth > maxDepth)
        {
            problems.Add($"{where} nests deeper than {maxDepth} levels");
            return;
        }

        if (schema.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{where} must be an object or a boolean");
            return;
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            var path = at.Length == 0 ? keyword.Name : $"{at}.{keyword.Name}";
            var value = keyword.Value;
            switch (keyword.Name)
            {
                case "type":
                    CheckType(value, path, problems);
                    break;
                case "required":
                    if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String)
                        || value.EnumerateArray().Select(v => v.GetString()).Distinct(StringComparer.Ordinal).Count() != value.GetArrayLength())
                    {
                        problems.Add($"{path} must be an array of distinct property names");
                    }

                    break;
                case "properties":
                    if (value.ValueKind != JsonValueKind.Object)
                    {
                        problems.Add($"{path} must be an object of schemas");
                        break;
                    }

                    foreach (var property in value.EnumerateObject())
                    {
                        Check(property.Value, $"{path}.{property.Name}", depth + 1, maxDepth, problems);
                    }

                    break;
                case "additionalProperties" or "items":
                    Check(value, path, depth + 1, maxDepth, problems);
                    break;
                case "enum":
                    if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
                    {
                        problems.Add($"{path} must be a non-empty array");
                    }

                    break;
                case "const":
                    break;
                case "minimum" or "maximum" or "exclusiveMinimum" or "exclusiveMaximum":
                    if (value.ValueKind != JsonValueKind.Number)
                    {
                        problems.Add($"{path} must be a number");
                    }

                    break;
                case "multipleOf":
                    if (value.ValueKind != JsonValueKind.Number || value.GetDouble() <= 0)
                    {
                        problems.Add($"{path} must be a number greater than 0");
                    }

                    break;
                case "minLength" or "maxLength" or "minItems" or "maxItems":
                    if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var count) || count < 0)
                    {
                        problems.Add($"{path} must be a non-negative integer");
                    }

                    break;
                case "uniqueItems":
                    if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        problems.Add($"{path} must be true or false");
                    }

                    break;
                case "pattern":
                    if (value.ValueKind != JsonValueKind.String)
                    {
                        problems.Add($"{path} must be a string");
                    }
                    else if (InputPatterns.Problem(value.GetString()!) is { } invalid)
                    {
                        problems.Add($"{path} is not a valid ECMAScript regular expression: {invalid}");
                    }

                    break;
                case "format":
                    if (value.ValueKind != JsonValueKind.String || !InputFormats.Known.Contains(value.GetString()!))
                    {
                        problems.Add($"{path} must be one of {string.Join(", ", InputFormats.Known)}");
                    }

                    break;
                default:
                    if (!Annotations.Contains(keyword.Name))
                    {
                        problems.Add($"{path}: keyword '{keyword.Name}' is not supported by the Hub's input validation (supported: " +
                                     $"{string.Join(", ", Assertions)})");
                    }

                    break;
            }
        }
    }

    private static void CheckType(JsonElement value, string path, List<string> problems)
    {
        var names = value.ValueKind switch
        {
            JsonValueKind.String => [value.GetString()!],
            JsonValueKind.Array when value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String) =>
                value.EnumerateArray().Select(v => v.GetString()!).ToList(),
            _ => (List<string>?)null,
        };
        if (names is null || names.Count == 0 || names.Any(n => !TypeNames.Contains(n)) || names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            problems.Add($"{path} must be one of {string.Join(", ", TypeNames)}, or an array of distinct ones");
        }
    }
}
