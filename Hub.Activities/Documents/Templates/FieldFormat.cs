using System.Globalization;
using System.Text.Json;
using Hub.Activities.Documents.Amounts;

namespace Hub.Activities.Documents.Templates;

/// <summary>How a value is written: <c>text</c> (default), <c>date</c> or <c>date:pattern</c>, <c>number</c> or
/// <c>number:pattern</c>, <c>currency</c> (¥ and two decimals with group separators) and <c>uppercase</c> (大写金额).
/// Patterns are .NET custom format strings read with the zh-CN culture.</summary>
internal sealed record FieldFormat(string Name, string? Pattern)
{
    public const string DefaultDatePattern = "yyyy年M月d日";
    public const string DefaultNumberPattern = "#,##0.##";

    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    public static FieldFormat Text { get; } = new("text", null);

    /// <summary>The JSON types the format accepts, as JSON Schema type names.</summary>
    public IReadOnlyList<string> AcceptedTypes => Name switch
    {
        "date" => ["string"],
        "number" or "currency" or "uppercase" => ["number", "integer"],
        _ => ["string", "number", "integer", "boolean"],
    };

    public static FieldFormat Parse(string text, string source)
    {
        text = text.Trim();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var name = (colon < 0 ? text : text[..colon]).Trim().ToLowerInvariant();
        var pattern = colon < 0 ? null : text[(colon + 1)..];
        return name switch
        {
            "text" or "currency" or "uppercase" when pattern is null => new(name, null),
            "date" or "number" => new(name, string.IsNullOrWhiteSpace(pattern) ? null : pattern),
            "text" or "currency" or "uppercase" => throw new FormatException(
                $"The binding '{source}': the format '{name}' takes no pattern."),
            _ => throw new FormatException(
                $"The binding '{source}' names an unknown format '{name}' (known: text, date, number, currency, uppercase)."),
        };
    }

    /// <summary>Writes <paramref name="value"/>; a missing or null value writes nothing.</summary>
    /// <exception cref="TemplateRenderException">The value's type does not suit the format.</exception>
    public string Apply(JsonElement? value, string field, TimeZoneInfo timeZone)
    {
        if (value is not { } v || v.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return string.Empty;
        }

        return Name switch
        {
            "date" => FormatDate(v, field, timeZone),
            "number" => Number(v, field).ToString(Pattern ?? DefaultNumberPattern, Chinese),
            "currency" => "¥" + Number(v, field).ToString("#,##0.00", Chinese),
            "uppercase" => Uppercase(v, field),
            _ => v.ValueKind switch
            {
                JsonValueKind.String => v.GetString()!,
                JsonValueKind.Number => v.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => throw new TemplateRenderException(field,
                    $"The binding '{field}' needs a text, number or boolean value, not {Describe(v)}."),
            },
        };
    }

    private string FormatDate(JsonElement v, string field, TimeZoneInfo timeZone)
    {
        var text = v.ValueKind == JsonValueKind.String ? v.GetString()! : null;
        var pattern = Pattern ?? DefaultDatePattern;
        if (text is not null && text.Length == 10
            && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date.ToString(pattern, Chinese);
        }

        if (text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.RoundtripKind, out var instant) && text.Contains('T', StringComparison.Ordinal))
        {
            // A moment is shown as the calendar date and time in the document's zone, not the sender's.
            return TimeZoneInfo.ConvertTime(instant, timeZone).ToString(pattern, Chinese);
        }

        throw new TemplateRenderException(field,
            $"The binding '{field}' needs an ISO 8601 date (2026-01-31) or date-time, not {Describe(v)}.");
    }

    private static decimal Number(JsonElement v, string field)
    {
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var number))
        {
            return number;
        }

        throw new TemplateRenderException(field, $"The binding '{field}' needs a number, not {Describe(v)}.");
    }

    private static string Uppercase(JsonElement v, string field)
    {
        try
        {
            return ChineseAmount.ToUppercase(Number(v, field));
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new TemplateRenderException(field, $"The binding '{field}': {e.Message.Split(" (Parameter", 2)[0]}");
        }
    }

    private static string Describe(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => $"the text \"{Shorten(v.GetString()!)}\"",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "the number " + Shorten(v.GetRawText()),
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
