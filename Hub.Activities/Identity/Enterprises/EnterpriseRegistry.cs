using Hub.Activities.Identifiers;
using Hub.Activities.Identity.Providers;
using Hub.Activities.Identity.Verification;
using Microsoft.Extensions.Logging;

namespace Hub.Activities.Identity.Enterprises;

/// <summary>
/// Enterprises an organisation registered, and their verification: the business register must match name, USCC and
/// the legal representative's name, then the representative authorises the enterprise's administrator with an SMS
/// code (completed through <see cref="PersonVerifications"/>). Access checks are the callers'.
/// </summary>
public sealed class EnterpriseRegistry
{
    private readonly IIdentityStore _store;
    private readonly IIdentityKeys _keys;
    private readonly IIdentityProvider _provider;
    private readonly PersonVerifications _verifications;
    private readonly TimeProvider _time;
    private readonly ILogger<EnterpriseRegistry> _logger;

    internal EnterpriseRegistry(IIdentityStore store, IIdentityKeys keys, IIdentityProvider provider, PersonVerifications verifications,
        TimeProvider time, ILogger<EnterpriseRegistry> logger) =>
        (_store, _keys, _provider, _verifications, _time, _logger) = (store, keys, provider, verifications, time, logger);

    /// <summary>The enterprise with <paramref name="id"/>, or null.</summary>
    public Task<Enterprise?> FindAsync(Guid id, CancellationToken cancellationToken) => _store.FindEnterpriseAsync(id, cancellationToken);

    /// <summary>Registers an enterprise with its legal representative (a registered person) and administrator (a user).</summary>
    /// <exception cref="IdentityException"><see cref="IdentityFailure.Duplicate"/>: an enterprise with this credit code is registered already.</exception>
    public async Task<Enterprise> RegisterAsync(Guid organisationId, string name, UnifiedSocialCreditCode code, Guid legalRepresentativeId,
        Guid administratorUserId, CancellationToken cancellationToken)
    {
        var enterprise = new Enterprise(organisationId, name, code, legalRepresentativeId, administratorUserId, _time.GetUtcNow());
        _store.Add(enterprise);
        try
        {
            await _store.SaveAsync(cancellationToken);
        }
        catch (IdentityException exception) when (exception.Failure == IdentityFailure.Duplicate)
        {
            throw new IdentityException(IdentityFailure.Duplicate, $"An enterprise with credit code {code} is registered already.", exception);
        }

        return enterprise;
    }

    /// <summary>
    /// Verifies an enterprise: its legal representative must be verified (Substantial or above); the register must
    /// match name, USCC and the representative's name; then the representative is sent an SMS code whose entry
    /// authorises the administrator. Returns the register check and, when it matched, the pending authorisation.
    /// </summary>
    /// <exception cref="IdentityException">The representative is not verified, the enterprise is verified already, or the
    /// provider gave no answer (the register check is recorded as Failed).</exception>
    public async Task<(IdentityVerification Register, IdentityVerification? Authorisation)> VerifyAsync(Enterprise enterprise,
        CancellationToken cancellationToken)
    {
        var representative = await _store.FindPersonAsync(enterprise.LegalRepresentativeId, cancellationToken)
            ?? throw new IdentityException(IdentityFailure.NotFound, $"No person {enterprise.LegalRepresentativeId}, the enterprise's legal representative.");
        if (!representative.IsVerified(_time.GetUtcNow(), AssuranceLevel.Substantial))
        {
            throw new IdentityException(IdentityFailure.WrongState, "The legal representative must be verified (Substantial or above) before the enterprise.");
        }

        var ring = await _keys.RingForAsync(representative, cancellationToken);
        var register = new IdentityVerification(SubjectKind.Enterprise, enterprise.Id, enterprise.OrganisationId,
            VerificationMethod.EnterpriseRegister, _provider.Name, PersonVerifier.VerificationPurpose, _time.GetUtcNow());
        _ = UnifiedSocialCreditCode.TryParse(enterprise.CreditCode, out var code, out _);
        ProviderVerdict verdict;
        try
        {
            verdict = await _provider.CheckEnterpriseAsync(enterprise.Name, code!, representative.Reveal(ring).Name, cancellationToken);
        }
        catch (IdentityProviderException exception)
        {
            register.Fail(exception.Message, _time.GetUtcNow());
            await _verifications.RecordAsync(register, cancellationToken);
            throw;
        }

        if (verdict.Result != ProviderResult.Match)
        {
            register.Refuse(verdict.Result == ProviderResult.Deregistered
                ? "The business register records the enterprise as deregistered."
                : "Name, credit code and legal representative do not match the business register.", _time.GetUtcNow());
            await _verifications.RecordAsync(register, cancellationToken);
            return (register, null);
        }

        register.Verify(AssuranceLevel.Substantial, PersonVerifier.ResultValidity, verdict.Reference, _time.GetUtcNow());
        enterprise.RegisterMatched();
        await _verifications.RecordAsync(register, cancellationToken);
        var authorisation = await _verifications.StartAsync(representative, VerificationMethod.SmsCode, new VerificationStart(),
            enterprise.AuthorisationPurpose, cancellationToken);
        Log.EnterpriseStatusChanged(_logger, enterprise.Id, enterprise.CreditCode, enterprise.Status.ToString());
        return (register, authorisation);
    }
}
