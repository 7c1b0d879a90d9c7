using Hub.Activities.Identifiers;

namespace Hub.Activities.Identity.Persons;

/// <summary>The three elements a person is identified by, checked before anything else is done with them.</summary>
/// <remarks>ToString shows only masked forms, so a record that reaches a log by mistake leaks nothing.</remarks>
public sealed record PersonalDetails(string Name, ResidentIdNumber IdNumber, MobileNumber Mobile)
{
    /// <summary>Masked view for diagnostics.</summary>
    public override string ToString() =>
        $"{PersonalDataMask.Name(Name)} {IdNumber.Masked} {Mobile.Masked}";
}
