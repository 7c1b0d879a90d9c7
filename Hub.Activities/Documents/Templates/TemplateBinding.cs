namespace Hub.Activities.Documents.Templates;

/// <summary>One parsed binding: its kind, the data path (or CEL source for conditions), the format, and the text it was
/// parsed from (used to name it in errors).</summary>
internal sealed record TemplateBinding(TemplateBindingKind Kind, string Target, FieldFormat Format, string Source)
{
    /// <summary>Parses a content-control tag; null when the tag is empty (an unbound content control).</summary>
    public static TemplateBinding? FromTag(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }

        var text = tag.Trim();
        if (TryPrefix(text, "repeat:", out var rest))
        {
            return new(TemplateBindingKind.Repeat, Path(rest, text), FieldFormat.Text, text);
        }

        if (TryPrefix(text, "if:", out rest))
        {
            if (rest.Length == 0)
            {
                throw new FormatException($"The binding '{text}' has no condition.");
            }

            return new(TemplateBindingKind.If, rest, FieldFormat.Text, text);
        }

        if (TryPrefix(text, "image:", out rest))
        {
            return new(TemplateBindingKind.Image, Path(rest, text), FieldFormat.Text, text);
        }

        if (TryPrefix(text, "field:", out rest))
        {
            text = rest;
        }

        return FromField(text, tag.Trim());
    }

    /// <summary>Parses the inside of merge text <c>{{path|format}}</c>.</summary>
    public static TemplateBinding FromMergeText(string inner) => FromField(inner.Trim(), "{{" + inner + "}}");

    private static TemplateBinding FromField(string text, string source)
    {
        var bar = text.IndexOf('|', StringComparison.Ordinal);
        var path = bar < 0 ? text : text[..bar];
        var format = bar < 0 ? FieldFormat.Text : FieldFormat.Parse(text[(bar + 1)..], source);
        return new(TemplateBindingKind.Field, Path(path, source), format, source);
    }

    private static bool TryPrefix(string text, string prefix, out string rest)
    {
        var match = text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
        rest = match ? text[prefix.Length..].Trim() : string.Empty;
        return match;
    }

    private static string Path(string path, string source)
    {
        path = path.Trim();
        if (path.Length == 0 || path.Split('.').Any(s => s.Length == 0 || s.Any(char.IsWhiteSpace)))
        {
            throw new FormatException($"The binding '{source}' has no valid data path ('{path}'): write dotted names such as party.name.");
        }

        return path;
    }
}
