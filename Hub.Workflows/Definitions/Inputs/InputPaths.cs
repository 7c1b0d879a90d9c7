namespace Hub.Workflows.Definitions.Inputs;

/// <summary>JSON paths of values (RFC 9535 normalized-path style): <c>$.amount</c>, <c>$.items[0]</c>, <c>$['a b']</c>.</summary>
internal static class InputPaths
{
    public const string Root = "$";

    public static string Property(string parent, string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => char.IsLetterOrDigit(c) || c == '_')
            ? $"{parent}.{name}"
            : $"{parent}['{name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}']";

    public static string Index(string parent, int index) => $"{parent}[{index}]";
}
