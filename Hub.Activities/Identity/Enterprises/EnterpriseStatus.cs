namespace Hub.Activities.Identity.Enterprises;

/// <summary>Where an enterprise stands in verification.</summary>
public enum EnterpriseStatus
{
    /// <summary>Registered, not verified.</summary>
    Unverified,

    /// <summary>The register matched; waiting for the legal representative to authorise the administrator.</summary>
    AwaitingAuthorisation,

    /// <summary>Verified: register matched and the legal representative authorised the administrator.</summary>
    Verified,
}
