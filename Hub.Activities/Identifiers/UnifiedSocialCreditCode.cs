namespace Hub.Activities.Identifiers;

/// <summary>
/// An 18-character unified social credit code (统一社会信用代码, GB 32100-2015): registration authority, entity
/// type, area, organisation code and a check character computed over the first 17 (ISO 7064 MOD 31-3 style,
/// weights 3^(i−1) mod 31; alphabet without I, O, Z, S, V).
/// </summary>
public sealed record UnifiedSocialCreditCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    private UnifiedSocialCreditCode(string value) => Value = value;

    /// <summary>The code, 18 upper-case characters.</summary>
    public string Value { get; }

    /// <summary>Parses a code, or says in one sentence why it is not one.</summary>
    public static bool TryParse(string? text, out UnifiedSocialCreditCode? code, out string? error)
    {
        code = null;
        error = Check(text);
        if (error is null)
        {
            code = new UnifiedSocialCreditCode(text!);
        }

        return error is null;
    }

    /// <summary>The check character for the first 17 characters of a code.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += Alphabet.IndexOf(first17[i], StringComparison.Ordinal) * Weights[i];
        }

        return Alphabet[(31 - sum % 31) % 31];
    }

    /// <inheritdoc />
    public override string ToString() => Value;

    private static string? Check(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "A unified social credit code is required.";
        }

        if (text.Length != 18)
        {
            return $"A unified social credit code has 18 characters, not {Math.Min(text.Length, 999)}.";
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (!Alphabet.Contains(text[i], StringComparison.Ordinal))
            {
                return $"Character {i + 1} of the unified social credit code is not allowed (digits and upper-case letters except I, O, Z, S, V).";
            }
        }

        var expected = CheckCharacter(text.AsSpan(0, 17));
        return text[17] == expected
            ? null
            : $"The unified social credit code's check character is wrong (expected {expected}).";
    }
}
