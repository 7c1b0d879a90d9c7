using System.Globalization;

namespace Hub.Activities.Identifiers;

/// <summary>
/// An 18-character resident identity card number (公民身份号码, GB 11643-1999): area code (6 digits), birth date
/// YYYYMMDD, sequence (3 digits, odd for men) and an ISO 7064 MOD 11-2 check character (0–9 or X).
/// </summary>
/// <remarks>Never log or return <see cref="Value"/>; show <see cref="Masked"/> instead (DESIGN.md §5).</remarks>
public sealed record ResidentIdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    // First two digits of the area code: the provinces of GB/T 2260 plus 71 (Taiwan), 81 (Hong Kong), 82 (Macao) and
    // 83 (residence permits of Taiwan residents). Any other prefix is not a code a card can carry.
    private static readonly HashSet<int> Provinces =
    [
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54,
        61, 62, 63, 64, 65, 71, 81, 82, 83,
    ];

    private static readonly DateOnly Earliest = new(1800, 1, 1);

    private ResidentIdNumber(string value, DateOnly birthDate)
    {
        Value = value;
        BirthDate = birthDate;
    }

    /// <summary>The number, 18 characters, a final x upper-cased.</summary>
    public string Value { get; }

    /// <summary>The birth date the number carries.</summary>
    public DateOnly BirthDate { get; }

    /// <summary>The number as it may be shown: first character, asterisks, last four.</summary>
    public string Masked => PersonalDataMask.IdNumber(Value);

    /// <summary>Parses a number, or says in one sentence why it is not one; the message never repeats the input.</summary>
    /// <param name="text">The candidate; surrounding white space is not accepted.</param>
    /// <param name="today">The date against which a birth date in the future is refused.</param>
    /// <param name="number">The parsed number.</param>
    /// <param name="error">Why it was refused.</param>
    public static bool TryParse(string? text, DateOnly today, out ResidentIdNumber? number, out string? error)
    {
        number = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "A resident ID number is required.";
            return false;
        }

        if (text.Length != 18)
        {
            error = $"A resident ID number has 18 characters, not {Math.Min(text.Length, 999)}.";
            return false;
        }

        var normalised = text[17] == 'x' ? string.Concat(text.AsSpan(0, 17), "X") : text;
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(normalised[i]))
            {
                error = $"Character {i + 1} of the resident ID number must be a digit.";
                return false;
            }
        }

        if (!char.IsAsciiDigit(normalised[17]) && normalised[17] != 'X')
        {
            error = "The last character of the resident ID number must be a digit or X.";
            return false;
        }

        var province = (normalised[0] - '0') * 10 + (normalised[1] - '0');
        if (!Provinces.Contains(province) || normalised.AsSpan(2, 4).SequenceEqual("0000"))
        {
            error = "The resident ID number's area code (first six digits) is not a county-level code of GB/T 2260.";
            return false;
        }

        if (!DateOnly.TryParseExact(normalised.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var birthDate) || birthDate < Earliest)
        {
            error = "The resident ID number's birth date (digits 7 to 14) is not a calendar date.";
            return false;
        }

        if (birthDate > today)
        {
            error = "The resident ID number's birth date (digits 7 to 14) lies in the future.";
            return false;
        }

        var expected = CheckCharacter(normalised.AsSpan(0, 17));
        if (normalised[17] != expected)
        {
            error = $"The resident ID number's check character is wrong (expected {expected}).";
            return false;
        }

        error = null;
        number = new ResidentIdNumber(normalised, birthDate);
        return true;
    }

    /// <summary>The check character for the first 17 digits: ISO 7064 MOD 11-2, 10 written X.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }

        var check = (12 - sum % 11) % 11;
        return check == 10 ? 'X' : (char)('0' + check);
    }

    /// <summary>The masked form: the raw number never leaves through ToString.</summary>
    public override string ToString() => Masked;
}
