using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hub.Activities.Identifiers;
using Hub.Activities.Identity.Enterprises;
using Hub.Activities.Identity.Otp;
using Hub.Activities.Identity.Persons;
using Hub.Activities.Identity.Providers;
using Hub.Activities.Identity.Signing;
using Hub.Activities.Identity.UKey;
using Hub.Activities.Identity.Verification;
using Hub.Server.Identity.Persistence;
using Hub.Server.Trust;
using Hub.Trust.Keys;
using Hub.Trust.Pki;
using Hub.Trust.Verification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Hub.Server.Identity;

/// <summary>
/// Real-name verification on a Hub node: registers persons and enterprises in the identity store, runs
/// verifications through <see cref="PersonVerifier"/> and records every attempt (a provider failure is recorded as
/// Failed, then rethrown), issues pseudonymous certificates to verified parties, and unlocks a personal signing key
/// only with a fresh authentication made for that document, logging every use. Access checks are the callers'.
/// </summary>
internal sealed class IdentityService(IdentityDbContext db, IdentityKeys keys, IIdentityProvider provider, ISmsSender sms,
    HubTrust trust, IdentitySignals signals, TimeProvider time, ILogger<IdentityService> logger)
{
    /// <summary>Validity of a certificate issued after verification.</summary>
    public static readonly TimeSpan CertificateValidity = TimeSpan.FromDays(2 * 365);

    public async Task<Person?> FindPersonAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Persons.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);

    /// <summary>Whether the organisation has registered this ID number already (found through the keyed hash).</summary>
    public async Task<bool> IsRegisteredAsync(Guid organisationId, ResidentIdNumber number, CancellationToken cancellationToken)
    {
        var lookup = Person.IdNumberLookupOf(number, await keys.RingForLookupAsync(cancellationToken));
        return await db.Persons.AnyAsync(p => p.OrganisationId == organisationId && p.IdNumberLookup == lookup, cancellationToken);
    }

    public async Task<Person> RegisterAsync(Guid organisationId, Guid? userId, PersonalDetails details, CancellationToken cancellationToken)
    {
        var person = Person.Register(organisationId, userId, details, await keys.RingForLookupAsync(cancellationToken), time.GetUtcNow());
        db.Persons.Add(person);
        await db.SaveChangesAsync(cancellationToken);
        Log.PersonRegistered(logger, person.Id, person.MaskedIdNumber, person.MaskedMobile);
        return person;
    }

    public async Task<bool> ChangeAsync(Person person, PersonalDetails details, CancellationToken cancellationToken)
    {
        await keys.RingForLookupAsync(cancellationToken);
        var reset = person.ChangeDetails(details, await keys.RingForAsync(person, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
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
    public async Task<IReadOnlyList<string>> EraseAsync(Person person, CancellationToken cancellationToken)
    {
        person.Erase(time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        Log.PersonErased(logger, person.Id);
        var revoked = new List<string>();
        foreach (var serial in await db.Certificates.Where(c => c.SubjectId == person.Id).Select(c => c.SerialNumber).ToListAsync(cancellationToken))
        {
            try
            {
                await trust.Authority.RevokeAsync(serial, X509RevocationReason.CessationOfOperation, cancellationToken);
                revoked.Add(serial);
                Log.PersonCertificateRevoked(logger, person.Id, serial);
            }
            catch (CertificateAuthorityException exception) when (exception.Message.EndsWith("is revoked already.", StringComparison.Ordinal))
            {
                // Revoked earlier (an administrator, or an erasure retried after a crash): nothing left to do.
            }
        }

        return revoked;
    }

    public Task<List<IdentityVerification>> VerificationsOfAsync(Guid subjectId, CancellationToken cancellationToken) =>
        db.Verifications.AsNoTracking().Where(v => v.SubjectId == subjectId).OrderBy(v => v.StartedAt).ToListAsync(cancellationToken);

    public Task<List<PartyCertificate>> CertificatesOfAsync(Guid subjectId, CancellationToken cancellationToken) =>
        db.Certificates.AsNoTracking().Where(c => c.SubjectId == subjectId).OrderBy(c => c.IssuedAt).ToListAsync(cancellationToken);

    public async Task<IdentityVerification?> FindVerificationAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Verifications.SingleOrDefaultAsync(v => v.Id == id, cancellationToken);

    /// <summary>Starts a verification and records it, also when the provider fails (then rethrows).</summary>
    public async Task<IdentityVerification> StartAsync(Person person, VerificationMethod method, VerificationStart start, string purpose,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var sent = method == VerificationMethod.SmsCode ? await SmsSentToNumberAsync(person, now, cancellationToken) : [];
        var verifier = await VerifierAsync(person, cancellationToken);
        IdentityVerification verification;
        try
        {
            verification = await verifier.StartAsync(person, method, start, purpose, sent, cancellationToken);
        }
        catch (IdentityProviderException exception)
        {
            // The verifier marked a record Failed before rethrowing; rebuild it here since the exception carries none.
            var failed = new IdentityVerification(SubjectKind.Person, person.Id, person.OrganisationId, method, provider.Name, purpose, now);
            failed.Fail(exception.Message, time.GetUtcNow());
            await RecordAsync(failed, cancellationToken);
            Log.VerificationProviderFailed(logger, failed.Id, exception.Message);
            throw;
        }

        await RecordAsync(verification, cancellationToken);
        return verification;
    }

    public async Task<int?> CompleteAsync(Person person, IdentityVerification verification, VerificationAnswer answer,
        CancellationToken cancellationToken)
    {
        var verifier = await VerifierAsync(person, cancellationToken, verification.Method == VerificationMethod.UKey);
        int? left;
        try
        {
            left = await verifier.CompleteAsync(person, verification, answer, cancellationToken);
        }
        catch (IdentityProviderException exception)
        {
            await db.SaveChangesAsync(cancellationToken);
            Log.VerificationProviderFailed(logger, verification.Id, exception.Message);
            throw;
        }

        if (verification.Status == VerificationStatus.Verified &&
            verification.Purpose.StartsWith(Enterprise.AuthorisationPurposePrefix, StringComparison.Ordinal))
        {
            var enterpriseId = Guid.ParseExact(verification.Purpose.AsSpan(Enterprise.AuthorisationPurposePrefix.Length, 32), "N");
            var enterprise = await db.Enterprises.SingleAsync(e => e.Id == enterpriseId, cancellationToken);
            enterprise.Authorised(verification.Id, time.GetUtcNow() + PersonVerifier.ResultValidity);
            Log.EnterpriseStatusChanged(logger, enterprise.Id, enterprise.CreditCode, enterprise.Status.ToString());
        }

        await db.SaveChangesAsync(cancellationToken);
        Log.VerificationRecorded(logger, verification.Id, verification.Method.ToString(), verification.Provider,
            verification.SubjectKind.ToString(), verification.SubjectId, verification.Status.ToString());
        // A workflow node waiting for this answer (fresh authentication, enterprise authorisation) continues now.
        await signals.SignalConcludedAsync(db, verification, cancellationToken);
        return left;
    }

    /// <summary>Issues a personal certificate whose subject names the person only by pseudonym.</summary>
    /// <exception cref="InvalidOperationException">The person is not verified at Substantial or above.</exception>
    public async Task<(PartyCertificate Record, IssuedCertificate Issued)> IssuePersonCertificateAsync(Person person,
        byte[]? certificationRequest, Guid? authenticationId, CancellationToken cancellationToken)
    {
        if (!person.IsVerified(time.GetUtcNow(), AssuranceLevel.Substantial))
        {
            throw new InvalidOperationException(
                $"Person {person.Id} is not verified at level Substantial or above; certificates are issued only to verified persons.");
        }

        await trust.EnsureAuthorityAsync(cancellationToken);
        var subject = $"CN=Hub person {person.Pseudonym}, SERIALNUMBER={person.Pseudonym}, C=CN";
        // With a certification request the key stays on the person's device (a UKey); otherwise the Hub holds it. A
        // device key is certified only after the person authenticated for exactly this request, consumed with the
        // certificate's record in one save.
        IssuedCertificate issued;
        if (certificationRequest is null)
        {
            issued = await trust.Authority.IssueAsync(subject, CertificateKind.Person, KeyAlgorithm.EcdsaP256, CertificateValidity, cancellationToken);
        }
        else
        {
            await ConsumeAuthenticationAsync(person, authenticationId, PersonVerifier.EnrolmentPurpose(SHA256.HashData(certificationRequest)),
                time.GetUtcNow(), cancellationToken);
            issued = await trust.Authority.IssueForRequestAsync(subject, CertificateKind.Person, certificationRequest, CertificateValidity, cancellationToken);
        }

        var record = new PartyCertificate(issued.SerialNumber, SubjectKind.Person, person.Id, person.OrganisationId, person.Pseudonym,
            issued.Certificate.Subject, issued.KeyId, time.GetUtcNow(), issued.Certificate.NotAfter);
        db.Certificates.Add(record);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException) when (certificationRequest is not null)
        {
            // Another request consumed the same authentication first and certified the key; this certificate is
            // linked to nobody, so it must not stay valid.
            await trust.Authority.RevokeAsync(issued.SerialNumber, X509RevocationReason.Superseded,
                CancellationToken.None);
            throw;
        }

        Log.PartyCertificateIssued(logger, record.SerialNumber, nameof(SubjectKind.Person), person.Id, person.Pseudonym);
        return (record, issued);
    }

    /// <summary>
    /// Issues an enterprise (seal) certificate to a verified enterprise. Enterprise data is not personal data, so the
    /// subject names it and carries its USCC as serialNumber.
    /// </summary>
    /// <exception cref="InvalidOperationException">The enterprise is not verified.</exception>
    public async Task<(PartyCertificate Record, IssuedCertificate Issued)> IssueEnterpriseCertificateAsync(Enterprise enterprise,
        CancellationToken cancellationToken)
    {
        if (enterprise.Status != EnterpriseStatus.Verified || enterprise.VerifiedUntil <= time.GetUtcNow())
        {
            throw new InvalidOperationException(
                $"Enterprise {enterprise.Id} is {enterprise.Status}; certificates are issued only to verified enterprises.");
        }

        await trust.EnsureAuthorityAsync(cancellationToken);
        // RFC 4514 escaping is not needed: names are validated free of control characters, and commas are replaced.
        var name = enterprise.Name.Replace(",", "，", StringComparison.Ordinal).Replace("+", "＋", StringComparison.Ordinal);
        var subject = $"CN={name}, O={name}, SERIALNUMBER={enterprise.CreditCode}, C=CN";
        var issued = await trust.Authority.IssueAsync(subject, CertificateKind.Organisation, KeyAlgorithm.EcdsaP256, CertificateValidity, cancellationToken);
        var record = new PartyCertificate(issued.SerialNumber, SubjectKind.Enterprise, enterprise.Id, enterprise.OrganisationId,
            enterprise.CreditCode, issued.Certificate.Subject, issued.SigningKeyId, time.GetUtcNow(), issued.Certificate.NotAfter);
        db.Certificates.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        Log.PartyCertificateIssued(logger, record.SerialNumber, nameof(SubjectKind.Enterprise), enterprise.Id, enterprise.CreditCode);
        return (record, issued);
    }

    /// <summary>
    /// Signs a document digest with the person's newest certificate key, consuming the fresh authentication made for
    /// exactly this digest; the use is logged in <c>identity.signing_key_uses</c> in the same transaction.
    /// </summary>
    /// <exception cref="InvalidOperationException">No certificate, or the authentication is not usable for this digest.</exception>
    public async Task<(byte[] Signature, PartyCertificate Certificate, SigningKeyUse Use)> SignAsync(Person person, Guid authenticationId,
        byte[] documentSha256, Guid callerId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // Only a key in the Hub's store can sign here; a key on the person's UKey signs on the device.
        var certificate = await db.Certificates.Where(c => c.SubjectId == person.Id && c.NotAfter > now && c.KeyId != null)
            .OrderByDescending(c => c.IssuedAt).FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException($"Person {person.Id} has no valid certificate whose key the Hub holds; a key on the person's own UKey signs on the device.");
        var authentication = await ConsumeAuthenticationAsync(person, authenticationId, PersonVerifier.SigningPurpose(documentSha256), now, cancellationToken);
        var use = new SigningKeyUse(person.Id, certificate.SerialNumber, documentSha256, authentication.Id, authentication.Method, callerId, now);
        db.SigningKeyUses.Add(use);
        await db.SaveChangesAsync(cancellationToken);
        var signature = await trust.Keys.SignHashAsync(certificate.KeyId!, documentSha256, HashAlgorithmName.SHA256, cancellationToken);
        Log.SigningKeyUsed(logger, person.Id, certificate.SerialNumber, authentication.Id);
        return (signature, certificate, use);
    }

    /// <summary>Loads the person's fresh authentication and marks it used for <paramref name="purpose"/>; the caller's save
    /// commits that (the row version refuses a second use racing it).</summary>
    private async Task<IdentityVerification> ConsumeAuthenticationAsync(Person person, Guid? authenticationId, string purpose, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var authentication = await db.Verifications.SingleOrDefaultAsync(v => v.Id == authenticationId && v.SubjectId == person.Id, cancellationToken)
            ?? throw new InvalidOperationException($"Authentication {authenticationId} is not one of person {person.Id}.");
        authentication.Consume(purpose, now);
        return authentication;
    }

    public async Task<Enterprise?> FindEnterpriseAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Enterprises.SingleOrDefaultAsync(e => e.Id == id, cancellationToken);

    public async Task<Enterprise> RegisterEnterpriseAsync(Guid organisationId, string name, UnifiedSocialCreditCode code,
        Guid legalRepresentativeId, Guid administratorUserId, CancellationToken cancellationToken)
    {
        var enterprise = new Enterprise(organisationId, name, code, legalRepresentativeId, administratorUserId, time.GetUtcNow());
        db.Enterprises.Add(enterprise);
        await db.SaveChangesAsync(cancellationToken);
        return enterprise;
    }

    /// <summary>
    /// Verifies an enterprise: its legal representative must be verified (Substantial or above); the register must
    /// match name, USCC and the representative's name; then the representative is sent an SMS code whose entry
    /// authorises the administrator. Returns the register check and, when it matched, the pending authorisation.
    /// </summary>
    public async Task<(IdentityVerification Register, IdentityVerification? Authorisation)> VerifyEnterpriseAsync(Enterprise enterprise,
        CancellationToken cancellationToken)
    {
        var representative = await db.Persons.SingleAsync(p => p.Id == enterprise.LegalRepresentativeId, cancellationToken);
        if (!representative.IsVerified(time.GetUtcNow(), AssuranceLevel.Substantial))
        {
            throw new InvalidOperationException("The legal representative must be verified (Substantial or above) before the enterprise.");
        }

        var ring = await keys.RingForAsync(representative, cancellationToken);
        var register = new IdentityVerification(SubjectKind.Enterprise, enterprise.Id, enterprise.OrganisationId,
            VerificationMethod.EnterpriseRegister, provider.Name, PersonVerifier.VerificationPurpose, time.GetUtcNow());
        _ = UnifiedSocialCreditCode.TryParse(enterprise.CreditCode, out var code, out _);
        ProviderVerdict verdict;
        try
        {
            verdict = await provider.CheckEnterpriseAsync(enterprise.Name, code!, representative.Reveal(ring).Name, cancellationToken);
        }
        catch (IdentityProviderException exception)
        {
            register.Fail(exception.Message, time.GetUtcNow());
            await RecordAsync(register, cancellationToken);
            throw;
        }

        if (verdict.Result != ProviderResult.Match)
        {
            register.Refuse(verdict.Result == ProviderResult.Deregistered
                ? "The business register records the enterprise as deregistered."
                : "Name, credit code and legal representative do not match the business register.", time.GetUtcNow());
            await RecordAsync(register, cancellationToken);
            return (register, null);
        }

        register.Verify(AssuranceLevel.Substantial, PersonVerifier.ResultValidity, verdict.Reference, time.GetUtcNow());
        enterprise.RegisterMatched();
        await RecordAsync(register, cancellationToken);
        var authorisation = await StartAsync(representative, VerificationMethod.SmsCode, new VerificationStart(),
            enterprise.AuthorisationPurpose, cancellationToken);
        Log.EnterpriseStatusChanged(logger, enterprise.Id, enterprise.CreditCode, enterprise.Status.ToString());
        return (register, authorisation);
    }

    /// <summary>The challenge bytes a UKey must sign for a pending UKey verification.</summary>
    public static byte[]? ToBeSigned(IdentityVerification verification) =>
        verification is { Method: VerificationMethod.UKey, Status: VerificationStatus.Pending, Challenge: { } nonce }
            ? UKeyChallenge.ToBeSigned(verification.Id, nonce)
            : null;

    private async Task RecordAsync(IdentityVerification verification, CancellationToken cancellationToken)
    {
        db.Verifications.Add(verification);
        await db.SaveChangesAsync(cancellationToken);
        Log.VerificationRecorded(logger, verification.Id, verification.Method.ToString(), verification.Provider,
            verification.SubjectKind.ToString(), verification.SubjectId, verification.Status.ToString());
    }

    private async Task<PersonVerifier> VerifierAsync(Person person, CancellationToken cancellationToken, bool checkRevocation = false)
    {
        var chain = await trust.EnsureAuthorityAsync(cancellationToken);
        // A UKey answer is checked against the CA's current CRL, which lists every revocation in the database (any
        // node's) at the time of the call, so a revocation counts at once.
        IReadOnlyList<CertificateRevocationList> crls = checkRevocation
            ? [CertificateRevocationList.TryParse(await trust.CurrentCrlAsync(cancellationToken))
               ?? throw new InvalidOperationException("The Hub CA produced a CRL that does not parse.")]
            : [];
        return new PersonVerifier(provider, sms, await keys.RingForAsync(person, cancellationToken),
            new UKeyChallenge([chain.Root], [chain.Issuing], crls), time);
    }

    private async Task<List<DateTimeOffset>> SmsSentToNumberAsync(Person person, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = now - TimeSpan.FromHours(1);
        var sameNumber = db.Persons.Where(p => p.MobileLookup == person.MobileLookup).Select(p => p.Id);
        return await db.Verifications.Where(v => v.Method == VerificationMethod.SmsCode && v.StartedAt > since && sameNumber.Contains(v.SubjectId))
            .Select(v => v.StartedAt).ToListAsync(cancellationToken);
    }
}
