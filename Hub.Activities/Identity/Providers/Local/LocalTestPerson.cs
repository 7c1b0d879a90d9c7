namespace Hub.Activities.Identity.Providers.Local;

/// <summary>A person the local provider's register knows. Test data only: fictitious, check digits valid.</summary>
/// <param name="Name">Name as registered.</param>
/// <param name="IdNumber">Resident ID number.</param>
/// <param name="Mobile">Mobile registered with the operator under this ID number.</param>
/// <param name="State">Alive with a valid card, deceased, or holding an invalidated card.</param>
/// <param name="FaceSha256">SHA-256 (lower-case hex) of the image the face check accepts, or null.</param>
public sealed record LocalTestPerson(string Name, string IdNumber, string Mobile, LocalPersonState State = LocalPersonState.Valid,
    string? FaceSha256 = null);

/// <summary>What the register says about a person's document.</summary>
public enum LocalPersonState
{
    /// <summary>Alive, card valid.</summary>
    Valid,

    /// <summary>Recorded as deceased.</summary>
    Deceased,

    /// <summary>Card cancelled or reported lost.</summary>
    InvalidDocument,
}

/// <summary>An enterprise the local business register knows.</summary>
public sealed record LocalTestEnterprise(string Name, string CreditCode, string LegalRepresentative, bool Deregistered = false);

/// <summary>Failures the local provider can be told to produce, like a real vendor on a bad day.</summary>
public enum LocalProviderFault
{
    /// <summary>Hold the answer far beyond any client timeout.</summary>
    Timeout,

    /// <summary>HTTP 429 with Retry-After: 1.</summary>
    RateLimited,

    /// <summary>HTTP 503.</summary>
    Unavailable,
}
