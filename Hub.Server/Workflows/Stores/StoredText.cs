namespace Hub.Server.Workflows.Stores;

/// <summary>
/// The one mapping between the engine's enums and the text the <c>hub.workflow_*</c> tables hold (their CHECK
/// constraints list the same names). Stores pass statuses and kinds as parameters through here instead of writing
/// literals such as <c>'Open'</c> into SQL, so a renamed member fails at one place, in a test, not in production.
/// </summary>
internal static class StoredText
{
    /// <summary>The column text of <paramref name="value"/>.</summary>
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum =>
        Enum.IsDefined(value) ? value.ToString() : throw new ArgumentOutOfRangeException(nameof(value), value, $"no stored name for {typeof(TEnum).Name} {value}");

    /// <summary>The column texts of <paramref name="values"/>, for <c>= ANY($n)</c>.</summary>
    public static string[] Of<TEnum>(params TEnum[] values) where TEnum : struct, Enum => [.. values.Select(Of)];

    /// <summary>The enum member a column holds.</summary>
    /// <exception cref="InvalidOperationException">The column holds a name this build does not know (a newer node wrote it).</exception>
    public static TEnum Parse<TEnum>(string text) where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(text, ignoreCase: false, out var value) && Enum.IsDefined(value)
            ? value
            : throw new InvalidOperationException($"the database holds {typeof(TEnum).Name} '{text}', which this build does not know");

    /// <summary><paramref name="text"/> cut to the <paramref name="length"/> characters its varchar column holds.</summary>
    public static string Fit(string text, int length) => text.Length <= length ? text : text[..length];
}
