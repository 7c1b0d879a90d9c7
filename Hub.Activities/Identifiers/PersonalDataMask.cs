namespace Hub.Activities.Identifiers;

/// <summary>
/// How personal identifiers are shown in every API answer, log line and report (DESIGN.md §5): an ID number as its
/// first character, asterisks and its last four; a mobile as its first three, four asterisks and its last four.
/// </summary>
public static class PersonalDataMask
{
    /// <summary>Masks an ID number: <c>1**************02X</c>. Values too short to mask are fully hidden.</summary>
    public static string IdNumber(string value) =>
        value.Length < 8 ? new string('*', value.Length) : value[0] + new string('*', value.Length - 5) + value[^4..];

    /// <summary>Masks a mobile number: <c>138****5678</c>. Values too short to mask are fully hidden.</summary>
    public static string Mobile(string value) =>
        value.Length < 11 ? new string('*', value.Length) : value[..3] + new string('*', value.Length - 7) + value[^4..];

    /// <summary>Masks a personal name: the family name (first character) and one asterisk per other character.</summary>
    public static string Name(string value) =>
        value.Length <= 1 ? "*" : value[0] + new string('*', value.Length - 1);
}
