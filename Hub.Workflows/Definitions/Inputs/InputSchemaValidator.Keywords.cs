using System.Globalization;
using System.Text.Json;

namespace Hub.Workflows.Definitions.Inputs;

/// <summary>The keywords of each kind of value: numbers (§6.2), strings (§6.3, §7), arrays (§6.4, core §10.3.1) and
/// objects (§6.5, core §10.3.2) of JSON Schema 2020-12 validation.</summary>
public static partial class InputSchemaValidator
{
    private sealed partial class Walk
    {
        private void Number(JsonElement schema, JsonElement value, string path)
        {
            if (Bound(schema, "minimum") is { } minimum && Compare(value, minimum) < 0)
            {
                problems.Add(path, $"must be at least {minimum.GetRawText()}");
            }

            if (Bound(schema, "exclusiveMinimum") is { } above && Compare(value, above) <= 0)
            {
                problems.Add(path, $"must be greater than {above.GetRawText()}");
            }

            if (Bound(schema, "maximum") is { } maximum && Compare(value, maximum) > 0)
            {
                problems.Add(path, $"must be at most {maximum.GetRawText()}");
            }

            if (Bound(schema, "exclusiveMaximum") is { } below && Compare(value, below) >= 0)
            {
                problems.Add(path, $"must be less than {below.GetRawText()}");
            }

            if (Bound(schema, "multipleOf") is { } factor && !IsMultiple(value, factor))
            {
                problems.Add(path, $"must be a multiple of {factor.GetRawText()}");
            }
        }

        private void Text(JsonElement schema, string value, string path)
        {
            var length = InputBounds.CodePoints(value);
            if (Count(schema, "minLength") is { } min && length < min)
            {
                problems.Add(path, $"must be at least {min} characters long");
            }

            if (Count(schema, "maxLength") is { } max && length > max)
            {
                problems.Add(path, $"must be at most {max} characters long");
            }

            if (schema.TryGetProperty("pattern", out var pattern) && pattern.ValueKind == JsonValueKind.String)
            {
                switch (InputPatterns.Matches(pattern.GetString()!, value, limits.PatternTimeout))
                {
                    case false:
                        problems.Add(path, $"must match the pattern {pattern.GetString()}");
                        break;
                    case null:
                        problems.Add(path, $"could not be checked against the pattern {pattern.GetString()} in time, so it is refused");
                        break;
                }
            }

            if (schema.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.String
                && InputFormats.Matches(format.GetString()!, value) == false)
            {
                problems.Add(path, $"must be {FormatName(format.GetString()!)}");
            }
        }

        private void Array(JsonElement schema, JsonElement value, string path, int depth)
        {
            var length = value.GetArrayLength();
            if (Count(schema, "minItems") is { } min && length < min)
            {
                problems.Add(path, $"must have at least {min} item(s)");
            }

            if (Count(schema, "maxItems") is { } max && length > max)
            {
                problems.Add(path, $"must have at most {max} item(s)");
            }

            if (schema.TryGetProperty("uniqueItems", out var unique) && unique.ValueKind == JsonValueKind.True)
            {
                var items = value.EnumerateArray().ToList();
                for (var i = 1; i < items.Count; i++)
                {
                    if (Enumerable.Range(0, i).FirstOrDefault(j => JsonElement.DeepEquals(items[j], items[i]), -1) is var first and >= 0)
                    {
                        problems.Add(InputPaths.Index(path, i), $"repeats item {first}; items must be unique");
                    }
                }
            }

            if (schema.TryGetProperty("items", out var itemSchema))
            {
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Value(itemSchema, item, InputPaths.Index(path, index++), depth + 1);
                }
            }
        }

        private void Object(JsonElement schema, JsonElement value, string path, int depth)
        {
            if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
            {
                foreach (var name in required.EnumerateArray().Where(n => n.ValueKind == JsonValueKind.String).Select(n => n.GetString()!))
                {
                    if (!value.TryGetProperty(name, out _))
                    {
                        problems.Add(InputPaths.Property(path, name), "is required");
                    }
                }
            }

            var properties = schema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : (JsonElement?)null;
            var additional = schema.TryGetProperty("additionalProperties", out var a) ? a : (JsonElement?)null;
            foreach (var property in value.EnumerateObject())
            {
                var at = InputPaths.Property(path, property.Name);
                if (properties is { } declared && declared.TryGetProperty(property.Name, out var propertySchema))
                {
                    Value(propertySchema, property.Value, at, depth + 1);
                }
                else if (additional is { ValueKind: JsonValueKind.False })
                {
                    problems.Add(at, "is not a field of this request");
                }
                else if (additional is { ValueKind: JsonValueKind.Object } extra)
                {
                    Value(extra, property.Value, at, depth + 1);
                }
            }
        }

        private static JsonElement? Bound(JsonElement schema, string keyword) =>
            schema.TryGetProperty(keyword, out var bound) && bound.ValueKind == JsonValueKind.Number ? bound : null;

        private static long? Count(JsonElement schema, string keyword) =>
            schema.TryGetProperty(keyword, out var count) && count.ValueKind == JsonValueKind.Number && count.TryGetInt64(out var n) ? n : null;

        /// <summary>Exact where both fit a decimal (so 0.1 + 0.2 style rounding never decides), else by double.</summary>
        private static int Compare(JsonElement value, JsonElement bound) =>
            value.TryGetDecimal(out var v) && bound.TryGetDecimal(out var b) ? v.CompareTo(b) : value.GetDouble().CompareTo(bound.GetDouble());

        private static bool IsMultiple(JsonElement value, JsonElement factor)
        {
            if (value.TryGetDecimal(out var v) && factor.TryGetDecimal(out var f) && f != 0)
            {
                try
                {
                    return v % f == 0;
                }
                catch (OverflowException)
                {
                    // Falls through to the double check below.
                }
            }

            var quotient = value.GetDouble() / factor.GetDouble();
            return double.IsFinite(quotient) && double.IsInteger(quotient);
        }

        private static string FormatName(string format) => format switch
        {
            "date" => "a date (RFC 3339 full-date, e.g. 2026-12-07)",
            "date-time" => "a date and time (RFC 3339, e.g. 2026-12-07T09:30:00+08:00)",
            "time" => "a time (RFC 3339 full-time, e.g. 09:30:00+08:00)",
            "email" => "an e-mail address (RFC 5321 mailbox)",
            "uuid" => "a UUID (8-4-4-4-12 hexadecimal digits)",
            _ => string.Create(CultureInfo.InvariantCulture, $"a valid {format}"),
        };
    }
}
