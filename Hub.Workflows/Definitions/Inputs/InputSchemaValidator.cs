using System.Text.Json;

namespace Hub.Workflows.Definitions.Inputs;

/// <summary>
/// Checks an instance input against a definition's <c>inputSchema</c>: the JSON Schema 2020-12 subset of
/// <see cref="InputSchemaRules.Assertions"/>, every problem with the path of its value. The bounds of
/// <see cref="InputLimits"/> are checked first; a value too large or too deep is not walked. This file walks values
/// and types; the keywords of each kind of value are in the partial beside it.
/// </summary>
public static partial class InputSchemaValidator
{
    /// <summary>Every problem of <paramref name="input"/> as a start input of a definition with <paramref name="schema"/>
    /// (none: only the bounds apply); empty when it may start.</summary>
    public static IReadOnlyList<InputProblem> ValidateStart(JsonElement? schema, JsonElement input, InputLimits limits)
    {
        var bounds = InputBounds.Check(input, limits.MaxInputBytes, limits);
        if (bounds.Count > 0 || schema is not { } s)
        {
            return bounds;
        }

        return Validate(s, input, limits);
    }

    /// <summary>Every problem of <paramref name="instance"/> under <paramref name="schema"/>, in document order.</summary>
    public static IReadOnlyList<InputProblem> Validate(JsonElement schema, JsonElement instance, InputLimits limits)
    {
        var problems = new InputProblems(limits.MaxProblems);
        new Walk(limits, problems).Value(schema, instance, InputPaths.Root, 0);
        return problems.ToList();
    }

    private sealed partial class Walk(InputLimits limits, InputProblems problems)
    {
        public void Value(JsonElement schema, JsonElement value, string path, int depth)
        {
            if (depth > limits.MaxDepth)
            {
                problems.Add(path, $"the value nests deeper than {limits.MaxDepth} levels");
                return;
            }

            switch (schema.ValueKind)
            {
                case JsonValueKind.True:
                    return;
                case JsonValueKind.False:
                    problems.Add(path, "no value is allowed here");
                    return;
                case not JsonValueKind.Object:
                    // The publish check refuses such schemas; a stored one is read as allowing anything, never as a crash.
                    return;
            }

            if (schema.TryGetProperty("type", out var type) && !TypeFits(type, value))
            {
                // A value of the wrong type fails every other keyword too; one message says it plainly.
                problems.Add(path, $"must be {TypeNames(type)}, not {KindName(value)}");
                return;
            }

            if (schema.TryGetProperty("enum", out var options) && options.ValueKind == JsonValueKind.Array
                && !options.EnumerateArray().Any(o => JsonElement.DeepEquals(o, value)))
            {
                problems.Add(path, $"must be one of {string.Join(", ", options.EnumerateArray().Select(o => o.GetRawText()))}");
            }

            if (schema.TryGetProperty("const", out var constant) && !JsonElement.DeepEquals(constant, value))
            {
                problems.Add(path, $"must be {constant.GetRawText()}");
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.Number:
                    Number(schema, value, path);
                    break;
                case JsonValueKind.String:
                    Text(schema, value.GetString()!, path);
                    break;
                case JsonValueKind.Array:
                    Array(schema, value, path, depth);
                    break;
                case JsonValueKind.Object:
                    Object(schema, value, path, depth);
                    break;
            }
        }

        private static bool TypeFits(JsonElement type, JsonElement value) => type.ValueKind switch
        {
            JsonValueKind.String => Is(type.GetString()!, value),
            JsonValueKind.Array => type.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && Is(t.GetString()!, value)),
            _ => true,
        };

        private static bool Is(string type, JsonElement value) => type switch
        {
            "null" => value.ValueKind == JsonValueKind.Null,
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "object" => value.ValueKind == JsonValueKind.Object,
            "array" => value.ValueKind == JsonValueKind.Array,
            "string" => value.ValueKind == JsonValueKind.String,
            "number" => value.ValueKind == JsonValueKind.Number,
            // 2020-12 validation §6.1.1: any number with a zero fractional part is an integer, 1.0 included.
            "integer" => value.ValueKind == JsonValueKind.Number && IsIntegral(value),
            _ => false,
        };

        private static bool IsIntegral(JsonElement number) =>
            number.TryGetDecimal(out var d) ? decimal.Truncate(d) == d : double.IsInteger(number.GetDouble());

        private static string TypeNames(JsonElement type) => type.ValueKind == JsonValueKind.Array
            ? string.Join(" or ", type.EnumerateArray().Select(t => Article(t.GetString() ?? "?")))
            : Article(type.GetString() ?? "?");

        private static string Article(string type) => type switch
        {
            "null" => "null",
            "integer" or "object" or "array" => "an " + type,
            _ => "a " + type,
        };

        private static string KindName(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.Number => IsIntegral(value) ? "an integer" : "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            JsonValueKind.Null => "null",
            JsonValueKind.String => "a string",
            JsonValueKind.Array => "an array",
            _ => "an object",
        };
    }
}
