using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hub.Server.Api.Validation;

/// <summary>Problems found in a request, by JSON field name (camelCase, as the caller wrote them).</summary>
internal sealed class RequestErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    /// <summary>Adds a "required" error when the value is null or blank; returns whether it was present.</summary>
    public bool Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"'{field}' is required.");
            return false;
        }

        if (value.Length > maxLength)
        {
            Add(field, $"'{field}' must be at most {maxLength} characters.");
            return false;
        }

        if (value.Any(char.IsControl))
        {
            Add(field, $"'{field}' must not contain control characters.");
            return false;
        }

        return true;
    }

    public bool Required<T>(string field, T? value) where T : struct
    {
        if (value is null)
        {
            Add(field, $"'{field}' is required.");
            return false;
        }

        return true;
    }

    public Dictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>The 400 answer listing every field.</summary>
    public ValidationProblem ToProblem()
    {
        var fields = ToDictionary();
        return TypedResults.ValidationProblem(fields, title: "The request is invalid",
            detail: $"Fix these fields: {string.Join(", ", fields.Keys)}.");
    }
}
