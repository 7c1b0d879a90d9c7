using Hub.Activities.Identifiers;
using Hub.Activities.Identity.Persons;

namespace Hub.Activities.Identity.Providers;

/// <summary>
/// A real-name verification vendor as the Hub sees it. Every method either returns the vendor's verdict or throws
/// <see cref="IdentityProviderException"/>; no failure path yields <see cref="ProviderResult.Match"/>.
/// </summary>
internal interface IIdentityProvider
{
    /// <summary>The configured name, recorded on every verification.</summary>
    string Name { get; }

    /// <summary>Three-element check: name, ID number and mobile against the registers.</summary>
    Task<ProviderVerdict> CheckThreeElementsAsync(PersonalDetails details, CancellationToken cancellationToken);

    /// <summary>Opens a national network identity authorisation; the reference is the session the person authorises in the app.</summary>
    Task<ProviderVerdict> StartNetworkIdentityAsync(string name, ResidentIdNumber idNumber, CancellationToken cancellationToken);

    /// <summary>Reads a network identity session: Pending, Match (with an opaque credential id), or Declined.</summary>
    Task<ProviderVerdict> ReadNetworkIdentityAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Face comparison with liveness of a captured image (by its SHA-256) against the photo of record.</summary>
    Task<ProviderVerdict> CheckFaceAsync(PersonalDetails details, string imageSha256, bool livenessPassed, CancellationToken cancellationToken);

    /// <summary>Enterprise name, USCC and legal representative against the business register.</summary>
    Task<ProviderVerdict> CheckEnterpriseAsync(string name, UnifiedSocialCreditCode creditCode, string legalRepresentative,
        CancellationToken cancellationToken);
}
