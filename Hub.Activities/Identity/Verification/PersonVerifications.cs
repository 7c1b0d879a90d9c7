using Hub.Activities.Identity.Enterprises;
using Hub.Activities.Identity.Otp;
using Hub.Activities.Identity.Persons;
using Hub.Activities.Identity.Providers;
using Hub.Activities.Identity.UKey;
using Hub.Trust.Verification;
using Microsoft.Extensions.Logging;

namespace Hub.Activities.Identity.Verification;

/// <summary>
/// Verifications of persons as the Hub records them: starts one through <see cref="PersonVerifier"/> and records every
/// attempt (a provider failure is recorded as Failed, then rethrown), completes one with the person's answer, and —
/// when the answer concludes an enterprise authorisation or a wait of a workflow node — verifies the enterprise and
/// signals the node. Access checks are the callers'.
/// </summary>
public sealed class PersonVerifications
{
    private readonly IIdentityStore _store;
    private readonly IIdentityKeys _keys;
    private readonly IIdentityProvider _provider;
    private readonly ISmsSender _sms;
    private readonly IPartyAuthority _authority;
    private readonly IIdentityWaits _waits;
    private readonly TimeProvider _time;
    private readonly ILogger<PersonVerifications> _logger;

    internal PersonVerifications(IIdentityStore store, IIdentityKeys keys, IIdentityProvider provider, ISmsSender sms,
        IPartyAuthority authority, IIdentityWaits waits, TimeProvider time, ILogger<PersonVerifications> logger) =>
        (_store, _keys, _provider, _sms, _authority, _waits, _time, _logger) = (store, keys, provider, sms, authority, waits, time, logger);

    /// <summary>The verification with <paramref name="id"/>, or null.</summary>
    public Task<IdentityVerification?> FindAsync(Guid id, CancellationToken cancellationToken) => _store.FindVerificationAsync(id, cancellationToken);

    /// <summary>Starts a verification of <paramref name="person"/> for <paramref name="purpose"/> (see
    /// <see cref="VerificationPurposes"/>) and records it, also when the provider fails (then rethrows).</summary>
    /// <exception cref="IdentityException">The person was erased, the method does not fit the purpose, too many SMS
    /// codes (<see cref="IdentityRateLimitException"/>), or the provider gave no answer (<see cref="IdentityProviderException"/>).</exception>
    public async Task<IdentityVerification> StartAsync(Person person, VerificationMethod method, VerificationStart start, string purpose,
        CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var sent = method == VerificationMethod.SmsCode
            ? await _store.SmsCodesSentToMobileOfAsync(person, now - TimeSpan.FromHours(1), cancellationToken)
            : [];
        var verifier = await VerifierAsync(person, cancellationToken);
        IdentityVerification verification;
        try
        {
            verification = await verifier.StartAsync(person, method, start, purpose, sent, cancellationToken);
        }
        catch (IdentityProviderException exception)
        {
            // The verifier marked a record Failed before rethrowing; rebuild it here since the exception carries none.
            var failed = new IdentityVerification(SubjectKind.Person, person.Id, person.OrganisationId, method, _provider.Name, purpose, now);
            failed.Fail(exception.Message, _time.GetUtcNow());
            await RecordAsync(failed, cancellationToken);
            Log.VerificationProviderFailed(_logger, failed.Id, exception.Message);
            throw;
        }

        await RecordAsync(verification, cancellationToken);
        return verification;
    }

    /// <summary>
    /// Answers a pending verification of <paramref name="person"/>; returns the attempts left after a wrong code. A
    /// verified enterprise authorisation verifies its enterprise; a workflow node waiting for the answer continues.
    /// </summary>
    /// <exception cref="IdentityException">Not pending (a replay), a malformed answer, the provider gave no answer, or
    /// <see cref="IdentityFailure.ConcurrentChange"/>: another answer was being checked at the same moment and this one
    /// was not counted.</exception>
    public async Task<int?> CompleteAsync(Person person, IdentityVerification verification, VerificationAnswer answer,
        CancellationToken cancellationToken)
    {
        try
        {
            return await AnswerAsync(person, verification, answer, cancellationToken);
        }
        catch (IdentityException exception) when (exception.Failure == IdentityFailure.ConcurrentChange)
        {
            throw new IdentityException(IdentityFailure.ConcurrentChange,
                $"Verification {verification.Id} was being answered by another request at the same moment; this answer was not counted. Answer again.",
                exception);
        }
    }

    private async Task<int?> AnswerAsync(Person person, IdentityVerification verification, VerificationAnswer answer,
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
            await _store.SaveAsync(cancellationToken);
            Log.VerificationProviderFailed(_logger, verification.Id, exception.Message);
            throw;
        }

        if (verification.Status == VerificationStatus.Verified &&
            verification.Purpose.StartsWith(Enterprise.AuthorisationPurposePrefix, StringComparison.Ordinal))
        {
            var enterpriseId = Guid.ParseExact(verification.Purpose.AsSpan(Enterprise.AuthorisationPurposePrefix.Length, 32), "N");
            var enterprise = await _store.FindEnterpriseAsync(enterpriseId, cancellationToken)
                ?? throw new IdentityException(IdentityFailure.NotFound, $"No enterprise {enterpriseId} for authorisation {verification.Id}.");
            enterprise.Authorised(verification.Id, _time.GetUtcNow() + PersonVerifier.ResultValidity);
            Log.EnterpriseStatusChanged(_logger, enterprise.Id, enterprise.CreditCode, enterprise.Status.ToString());
        }

        await _store.SaveAsync(cancellationToken);
        Log.VerificationRecorded(_logger, verification.Id, verification.Method.ToString(), verification.Provider,
            verification.SubjectKind.ToString(), verification.SubjectId, verification.Status.ToString());
        // A workflow node waiting for this answer (fresh authentication, enterprise authorisation) continues now.
        await _waits.SignalConcludedAsync(verification, cancellationToken);
        return left;
    }

    /// <summary>Adds a verification made elsewhere (an enterprise's register check) and saves it.</summary>
    internal async Task RecordAsync(IdentityVerification verification, CancellationToken cancellationToken)
    {
        _store.Add(verification);
        await _store.SaveAsync(cancellationToken);
        Log.VerificationRecorded(_logger, verification.Id, verification.Method.ToString(), verification.Provider,
            verification.SubjectKind.ToString(), verification.SubjectId, verification.Status.ToString());
    }

    private async Task<PersonVerifier> VerifierAsync(Person person, CancellationToken cancellationToken, bool checkRevocation = false)
    {
        var chain = await _authority.EnsureAuthorityAsync(cancellationToken);
        // A UKey answer is checked against the CA's current CRL, which lists every revocation in the database (any
        // node's) at the time of the call, so a revocation counts at once.
        IReadOnlyList<CertificateRevocationList> crls = checkRevocation
            ? [CertificateRevocationList.TryParse(await _authority.CurrentCrlAsync(cancellationToken))
               ?? throw new InvalidOperationException("The Hub CA produced a CRL that does not parse.")]
            : [];
        return new PersonVerifier(_provider, _sms, await _keys.RingForAsync(person, cancellationToken),
            new UKeyChallenge([chain.Root], [chain.Issuing], crls), _time);
    }
}
