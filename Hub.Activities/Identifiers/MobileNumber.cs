namespace Hub.Activities.Identifiers;

/// <summary>A mainland China mobile number: 11 digits starting 13–19 (an optional +86 or 86 prefix is dropped).</summary>
/// <remarks>Never log or return <see cref="Value"/>; show <see cref="Masked"/> instead.</remarks>
public sealed record MobileNumber
{
    private MobileNumber(string value) => Value = value;

    /// <summary>The 11 digits.</summary>
    public string Value { get; }

    /// <summary>The number as it may be shown: <c>138****5678</c>.</summary>
    public string Masked => PersonalDataMask.Mobile(Value);

    /// <summary>Parses a number, or says why it is not one; the message never repeats the input.</summary>
    public static bool TryParse(string? text, out MobileNumber? number, out string? error)
    {
        number = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "A mobile number is required.";
            return false;
        }

        var digits = text.StartsWith("+86", StringComparison.Ordinal) ? text[3..]
            : text.Length == 13 && text.StartsWith("86", StringComparison.Ordinal) ? text[2..] : text;
        if (digits.Length != 11 || !digits.All(char.IsAsciiDigit))
        {
            error = "A mobile number has 11 digits.";
            return false;
        }

        if (digits[0] != '1' || digits[1] < '3')
        {
            error = "A mobile number starts with 13 to 19.";
            return false;
        }

        error = null;
        number = new MobileNumber(digits);
        return true;
    }

    /// <summary>The masked form: the raw number never leaves through ToString.</summary>
    public override string ToString() => Masked;
}
