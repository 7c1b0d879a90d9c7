namespace Hub.Activities.Identity.Verification;

/// <summary>How much a verification proves, in the spirit of eIDAS levels of assurance (Regulation 2015/1502).</summary>
public enum AssuranceLevel
{
    /// <summary>Control of a channel only (an SMS code).</summary>
    Low,

    /// <summary>Identity data matched against an authoritative register (three elements, face with liveness).</summary>
    Substantial,

    /// <summary>A credential issued after an in-person or equivalent check (national network identity, UKey certificate).</summary>
    High,
}
