using System.Security.Cryptography.X509Certificates;
using Hub.Activities.Identity.Signing;
using Hub.Activities.Identity.Verification;
using Hub.Trust.Pki;
using Hub.Trust.Verification;
using Microsoft.Extensions.Logging;

namespace Hub.Activities.Identity.Persons;

/// <summary>
/// The persons an organisation registered: register (refusing a second registration of one ID number), change details
/// (which resets the person to unverified), erase, and read their records. Access checks are the callers'.
/// </summary>
public sealed class PersonRegistry(IIdentityStore store, IIdentityKeys keys, IPartyAuthority authority, TimeProvider time,
    ILogger<PersonRegistry> logger)
{
    /// <summary>The person with <paramref name="id"/>, or null.</summary>
    public Task<Person?> FindAsync(Guid id, CancellationToken cancellationToken) => store.FindPersonAsync(id, cancellationToken);

    /// <summary>The persons <paramref name="organisationId"/> registered, oldest first.</summary>
    public Task<IReadOnlyList<Person>> PersonsOfAsync(Guid organisationId, CancellationToken cancellationToken) =>
        store.PersonsOfAsync(organisationId, cancellationToken);

    /// <summary>The verifications of a person or enterprise, oldest first.</summary>
    public Task<IReadOnlyList<IdentityVerification>> VerificationsOfAsync(Guid subjectId, CancellationToken cancellationToken) =>
        store.VerificationsOfAsync(subjectId, cancellationToken);

    /// <summary>The certificates issued to a person or enterprise, oldest first.</summary>
    public Task<IReadOnlyList<PartyCertificate>> CertificatesOfAsync(Guid subjectId, CancellationToken cancellationToken) =>
        store.CertificatesOfAsync(subjectId, cancellationToken);

    /// <summary>Registers a person under a fresh data key.</summary>
    /// <exception cref="IdentityException"><see cref="IdentityFailure.Duplicate"/>: the organisation registered this ID
    /// number already (found through its keyed hash).</exception>
    public async Task<Person> RegisterAsync(Guid organisationId, Guid? userId, PersonalDetails details, CancellationToken cancellationToken)
    {
        var ring = await keys.RingForLookupAsync(cancellationToken);
        if (await store.IsIdNumberRegisteredAsync(organisationId, Person.IdNumberLookupOf(details.IdNumber, ring), cancellationToken))
        {
            throw new IdentityException(IdentityFailure.Duplicate,
                $"A person with ID number {details.IdNumber.Masked} is registered for this organisation already.");
        }

        var person = Person.Register(organisationId, userId, details, ring, time.GetUtcNow());
        store.Add(person);
        await store.SaveAsync(cancellationToken);
        Log.PersonRegistered(logger, person.Id, person.MaskedIdNumber, person.MaskedMobile);
        return person;
    }

    /// <summary>Changes the person's details; true when that reset them to unverified.</summary>
    /// <exception cref="IdentityException">The person was erased, or their data cannot be read.</exception>
    public async Task<bool> ChangeAsync(Person person, PersonalDetails details, CancellationToken cancellationToken)
    {
        // The lookup key first: the new lookups must be hashed with the current one.
        await keys.RingForLookupAsync(cancellationToken);
        var reset = person.ChangeDetails(details, await keys.RingForAsync(person, cancellationToken));
        await store.SaveAsync(cancellationToken);
        if (reset)
        {
            Log.PersonReset(logger, person.Id);
        }

        return reset;
    }

    /// <summary>
    /// Erases a person: the data key is shredded first (the personal data is gone even if revocation fails), then every
    /// certificate of theirs is revoked with reason cessationOfOperation (RFC 5280 §5.3.1: no longer needed, no
    /// suspicion of key compromise), so signatures made before the revocation date stay valid for a verifier judging
    /// at the signing time, while no new signature can be made with the key. Returns the serials revoked.
    /// </summary>
    /// <exception cref="IdentityException"><see cref="IdentityFailure.WrongState"/>: the person was erased already.</exception>
    public async Task<IReadOnlyList<string>> EraseAsync(Person person, CancellationToken cancellationToken)
    {
        if (person.Status == PersonStatus.Erased)
        {
            throw new IdentityException(IdentityFailure.WrongState, $"Person {person.Id} was erased already.");
        }

        person.Erase(time.GetUtcNow());
        await store.SaveAsync(cancellationToken);
        Log.PersonErased(logger, person.Id);
        var revoked = new List<string>();
        foreach (var certificate in await store.CertificatesOfAsync(person.Id, cancellationToken))
        {
            try
            {
                await authority.Authority.RevokeAsync(certificate.SerialNumber, X509RevocationReason.CessationOfOperation, cancellationToken);
                revoked.Add(certificate.SerialNumber);
                Log.PersonCertificateRevoked(logger, person.Id, certificate.SerialNumber);
            }
            catch (CertificateAuthorityException)
            {
                // Revoked earlier (an administrator, or an erasure retried after a crash) leaves nothing to do; the CRL,
                // not the refusal's wording, says whether that is why the CA refused.
                if (!await IsRevokedAsync(certificate.SerialNumber, cancellationToken))
                {
                    throw;
                }
            }
        }

        return revoked;
    }

    private async Task<bool> IsRevokedAsync(string serialNumber, CancellationToken cancellationToken)
    {
        var issued = await authority.Authority.GetCertificateAsync(serialNumber, cancellationToken);
        var crl = CertificateRevocationList.TryParse(await authority.CurrentCrlAsync(cancellationToken))
            ?? throw new InvalidOperationException("The Hub CA produced a CRL that does not parse.");
        return crl.EntryOf(issued.Certificate) is not null;
    }
}
