using Hub.Activities.Identity.Enterprises;
using Hub.Activities.Identity.Persons;
using Hub.Activities.Identity.Signing;
using Hub.Activities.Identity.Verification;

namespace Hub.Activities.Identity;

/// <summary>
/// Where identity records live (the host's schema <c>identity</c>), as the use cases need them: a unit of work. Records
/// a find returns are tracked, so their changes (and every <c>Add</c>) are written by the next <see cref="SaveAsync"/>,
/// all in one save. One store serves one request or one effect; it is not shared between threads.
/// </summary>
public interface IIdentityStore
{
    /// <summary>The person with <paramref name="id"/>, tracked; null when there is none.</summary>
    Task<Person?> FindPersonAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The persons <paramref name="organisationId"/> registered, oldest first, read-only.</summary>
    Task<IReadOnlyList<Person>> PersonsOfAsync(Guid organisationId, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="organisationId"/> registered a person whose ID number hashes to <paramref name="idNumberLookup"/>.</summary>
    Task<bool> IsIdNumberRegisteredAsync(Guid organisationId, byte[] idNumberLookup, CancellationToken cancellationToken);

    /// <summary>When SMS codes were sent since <paramref name="since"/> to the mobile number of <paramref name="person"/>
    /// (to any person registered with that number), for the rate limit.</summary>
    Task<IReadOnlyList<DateTimeOffset>> SmsCodesSentToMobileOfAsync(Person person, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>The enterprise with <paramref name="id"/>, tracked; null when there is none.</summary>
    Task<Enterprise?> FindEnterpriseAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The verification with <paramref name="id"/>, tracked; null when there is none.</summary>
    Task<IdentityVerification?> FindVerificationAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The verifications of a person or enterprise, oldest first, read-only.</summary>
    Task<IReadOnlyList<IdentityVerification>> VerificationsOfAsync(Guid subjectId, CancellationToken cancellationToken);

    /// <summary>The certificates issued to a person or enterprise, oldest first, read-only.</summary>
    Task<IReadOnlyList<PartyCertificate>> CertificatesOfAsync(Guid subjectId, CancellationToken cancellationToken);

    /// <summary>The newest certificate of <paramref name="personId"/> valid at <paramref name="now"/> whose key the Hub's
    /// key store holds (not a key on the person's UKey); null when there is none.</summary>
    Task<PartyCertificate?> NewestHubKeyCertificateAsync(Guid personId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The materialised path of organisation <paramref name="organisationId"/>; null when it does not exist.</summary>
    Task<string?> OrganisationPathAsync(Guid organisationId, CancellationToken cancellationToken);

    /// <summary>Adds a new person, written by the next save.</summary>
    void Add(Person person);

    /// <summary>Adds a new enterprise, written by the next save.</summary>
    void Add(Enterprise enterprise);

    /// <summary>Adds a new verification, written by the next save.</summary>
    void Add(IdentityVerification verification);

    /// <summary>Adds a newly issued certificate, written by the next save.</summary>
    void Add(PartyCertificate certificate);

    /// <summary>Adds a logged use of a personal signing key, written by the next save.</summary>
    void Add(SigningKeyUse use);

    /// <summary>Writes every change since the last save, in one transaction.</summary>
    /// <exception cref="IdentityException"><see cref="IdentityFailure.ConcurrentChange"/>: another request changed a
    /// record this save changes (its row version moved); <see cref="IdentityFailure.Duplicate"/>: a unique key exists.
    /// Nothing was written either way.</exception>
    Task SaveAsync(CancellationToken cancellationToken);
}
