using System.Text;
using System.Text.Json;

namespace Hub.Workflows.Definitions.Inputs;

/// <summary>The size limits of <see cref="InputLimits"/> applied to a value before any schema is: its bytes, its
/// nesting, and the length of every string and property name in it.</summary>
public static class InputBounds
{
    /// <summary>Every bound <paramref name="value"/> breaks; <paramref name="maxBytes"/> is the byte limit that applies
    /// (<see cref="InputLimits.MaxInputBytes"/> or <see cref="InputLimits.MaxPayloadBytes"/>). Too large or too deep a
    /// value is one problem and is not looked into further.</summary>
    public static IReadOnlyList<InputProblem> Check(JsonElement value, int maxBytes, InputLimits limits)
    {
        var problems = new InputProblems(limits.MaxProblems);
        var bytes = Encoding.UTF8.GetByteCount(value.GetRawText());
        if (bytes > maxBytes)
        {
            problems.Add(InputPaths.Root, $"the document is {bytes} bytes; at most {maxBytes} are accepted");
            return problems.ToList();
        }

        Walk(value, InputPaths.Root, 0, limits, problems);
        return problems.ToList();
    }

    /// <summary>The length JSON Schema measures (2020-12 validation §6.3.1): Unicode code points, not UTF-16 units.</summary>
    internal static int CodePoints(string s)
    {
        var count = 0;
        foreach (var _ in s.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    private static bool Walk(JsonElement value, string path, int depth, InputLimits limits, InputProblems problems)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var length = CodePoints(value.GetString()!);
                if (length > limits.MaxStringLength)
                {
                    problems.Add(path, $"the text is {length} characters long; at most {limits.MaxStringLength} are accepted");
                }

                return true;
            case JsonValueKind.Object or JsonValueKind.Array when depth >= limits.MaxDepth:
                problems.Add(path, $"the value nests deeper than {limits.MaxDepth} levels");
                return false;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    if (CodePoints(property.Name) > limits.MaxStringLength)
                    {
                        problems.Add(path, $"a property name is longer than {limits.MaxStringLength} characters");
                        continue;
                    }

                    if (!Walk(property.Value, InputPaths.Property(path, property.Name), depth + 1, limits, problems))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (!Walk(item, InputPaths.Index(path, index++), depth + 1, limits, problems))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }
}
