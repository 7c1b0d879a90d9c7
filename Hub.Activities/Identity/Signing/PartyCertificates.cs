using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hub.Activities.Identity.Enterprises;
using Hub.Activities.Identity.Persons;
using Hub.Activities.Identity.Verification;
using Hub.Trust.Keys;
using Hub.Trust.Pki;
using Microsoft.Extensions.Logging;

namespace Hub.Activities.Identity.Signing;

/// <summary>
/// The issuance policy for certificates of verified parties: who may get one (a person verified at Substantial or
/// above, a verified enterprise), for how long, and what the subject names (a person only by pseudonym; an
/// enterprise by name and USCC). Access checks are the callers'.
/// </summary>
public sealed class PartyCertificates(IIdentityStore store, IPartyAuthority authority, TimeProvider time, ILogger<PartyCertificates> logger)
{
    /// <summary>Validity of a certificate issued after verification.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(2 * 365);

    /// <summary>
    /// Issues a personal certificate whose subject names the person only by pseudonym. Without
    /// <paramref name="certificationRequest"/> the Hub creates and holds the key; with one (PKCS#10 DER from the
    /// person's UKey) it certifies that key, after the person's fresh authentication <paramref name="authenticationId"/>
    /// for exactly that request, consumed with the certificate's record in one save.
    /// </summary>
    /// <exception cref="IdentityException">The person is not verified at Substantial or above; the authentication is not
    /// usable for this request; the CA refused the request (<see cref="IdentityFailure.CertificationRequestRefused"/>);
    /// or another request consumed the same authentication at the same moment (<see cref="IdentityFailure.ConcurrentChange"/>,
    /// and the certificate just issued is revoked).</exception>
    public async Task<(PartyCertificate Record, IssuedCertificate Issued)> IssueToPersonAsync(Person person, byte[]? certificationRequest,
        Guid? authenticationId, CancellationToken cancellationToken)
    {
        if (!person.IsVerified(time.GetUtcNow(), AssuranceLevel.Substantial))
        {
            throw new IdentityException(IdentityFailure.WrongState,
                $"Person {person.Id} is not verified at level Substantial or above; certificates are issued only to verified persons.");
        }

        await authority.EnsureAuthorityAsync(cancellationToken);
        var subject = $"CN=Hub person {person.Pseudonym}, SERIALNUMBER={person.Pseudonym}, C=CN";
        IssuedCertificate issued;
        if (certificationRequest is null)
        {
            issued = await authority.Authority.IssueAsync(subject, CertificateKind.Person, KeyAlgorithm.EcdsaP256, Validity, cancellationToken);
        }
        else
        {
            await FreshAuthentication.ConsumeAsync(store, person, authenticationId, PersonVerifier.EnrolmentPurpose(SHA256.HashData(certificationRequest)),
                time.GetUtcNow(), cancellationToken);
            try
            {
                issued = await authority.Authority.IssueForRequestAsync(subject, CertificateKind.Person, certificationRequest, Validity, cancellationToken);
            }
            catch (CertificateAuthorityException exception)
            {
                // Refused before anything was issued or recorded (the consumed authentication was not saved).
                throw new IdentityException(IdentityFailure.CertificationRequestRefused, exception.Message, exception);
            }
        }

        var record = new PartyCertificate(issued.SerialNumber, SubjectKind.Person, person.Id, person.OrganisationId, person.Pseudonym,
            issued.Certificate.Subject, issued.KeyId, time.GetUtcNow(), issued.Certificate.NotAfter);
        store.Add(record);
        try
        {
            await store.SaveAsync(cancellationToken);
        }
        catch (IdentityException exception) when (exception.Failure == IdentityFailure.ConcurrentChange && certificationRequest is not null)
        {
            // Another request consumed the same authentication first and certified the key; this certificate is
            // linked to nobody, so it must not stay valid.
            await authority.Authority.RevokeAsync(issued.SerialNumber, X509RevocationReason.Superseded, CancellationToken.None);
            throw new IdentityException(IdentityFailure.ConcurrentChange,
                $"Authentication {authenticationId} was being used by another request at the same moment; it enrols one key once.", exception);
        }

        Log.PartyCertificateIssued(logger, record.SerialNumber, nameof(SubjectKind.Person), person.Id, person.Pseudonym);
        return (record, issued);
    }

    /// <summary>
    /// Issues an enterprise (seal) certificate to a verified enterprise. Enterprise data is not personal data, so the
    /// subject names it and carries its USCC as serialNumber.
    /// </summary>
    /// <exception cref="IdentityException"><see cref="IdentityFailure.WrongState"/>: the enterprise is not verified.</exception>
    public async Task<(PartyCertificate Record, IssuedCertificate Issued)> IssueToEnterpriseAsync(Enterprise enterprise,
        CancellationToken cancellationToken)
    {
        if (enterprise.Status != EnterpriseStatus.Verified || enterprise.VerifiedUntil <= time.GetUtcNow())
        {
            throw new IdentityException(IdentityFailure.WrongState,
                $"Enterprise {enterprise.Id} is {enterprise.Status}; certificates are issued only to verified enterprises.");
        }

        await authority.EnsureAuthorityAsync(cancellationToken);
        // RFC 4514 escaping is not needed: names are validated free of control characters, and commas are replaced.
        var name = enterprise.Name.Replace(",", "，", StringComparison.Ordinal).Replace("+", "＋", StringComparison.Ordinal);
        var subject = $"CN={name}, O={name}, SERIALNUMBER={enterprise.CreditCode}, C=CN";
        var issued = await authority.Authority.IssueAsync(subject, CertificateKind.Organisation, KeyAlgorithm.EcdsaP256, Validity, cancellationToken);
        var record = new PartyCertificate(issued.SerialNumber, SubjectKind.Enterprise, enterprise.Id, enterprise.OrganisationId,
            enterprise.CreditCode, issued.Certificate.Subject, issued.SigningKeyId, time.GetUtcNow(), issued.Certificate.NotAfter);
        store.Add(record);
        await store.SaveAsync(cancellationToken);
        Log.PartyCertificateIssued(logger, record.SerialNumber, nameof(SubjectKind.Enterprise), enterprise.Id, enterprise.CreditCode);
        return (record, issued);
    }
}
