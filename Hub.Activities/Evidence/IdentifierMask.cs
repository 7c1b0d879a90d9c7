namespace Hub.Activities.Evidence;

/// <summary>
/// Shows an identifier (resident ID, credit code, phone) with its first character and last four kept and the rest
/// starred, e.g. <c>110101199003071234</c> → <c>1*************1234</c> (DESIGN §5: collect the least, show IDs masked).
/// Identifiers too short to keep five characters are starred entirely.
/// </summary>
internal static class IdentifierMask
{
    public static string Mask(string identifier)
    {
        var value = identifier.Trim();
        return value.Length < 9
            ? new string('*', value.Length)
            : value[0] + new string('*', value.Length - 5) + value[^4..];
    }
}
