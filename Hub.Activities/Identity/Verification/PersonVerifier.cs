using System.Globalization;
using System.Security.Cryptography;
using Hub.Activities.Identity.Otp;
using Hub.Activities.Identity.Persons;
using Hub.Activities.Identity.Protection;
using Hub.Activities.Identity.Providers;
using Hub.Activities.Identity.UKey;

namespace Hub.Activities.Identity.Verification;

/// <summary>
/// Runs person verifications: provider methods (three elements, network identity, face) against the configured
/// vendor, and the Hub's own challenges (SMS code, UKey). Only a verdict of Match or a correct answer verifies; a
/// provider error records Failed (never Verified) and is rethrown for the caller to report.
/// </summary>
internal sealed class PersonVerifier(IIdentityProvider provider, ISmsSender sms, IdentityKeyRing keys, UKeyChallenge ukey,
    TimeProvider time)
{
    /// <summary>How long a successful identity check counts.</summary>
    public static readonly TimeSpan ResultValidity = TimeSpan.FromDays(365);

    /// <summary>The purpose of a plain identity verification.</summary>
    public const string VerificationPurpose = "verification";

    private const string OtpSecretField = "otp_secret";
    private static readonly TimeSpan OtpStep = IdentityVerification.ChallengeLifetime;

    /// <summary>The purpose of a fresh authentication before signing a document with this SHA-256.</summary>
    public static string SigningPurpose(ReadOnlySpan<byte> documentSha256) => "signing:" + Convert.ToHexStringLower(documentSha256);

    /// <summary>
    /// The purpose of a fresh authentication before the Hub certifies a key the person holds (a UKey), bound to the
    /// SHA-256 of that certification request: without it an administrator could enrol a key of their own as the
    /// person's and then pass the person's UKey authentications.
    /// </summary>
    public static string EnrolmentPurpose(ReadOnlySpan<byte> certificationRequestSha256) => "enrolment:" + Convert.ToHexStringLower(certificationRequestSha256);

    /// <summary>Starts a verification; provider methods finish at once unless the person must act.</summary>
    /// <param name="person">The person.</param>
    /// <param name="method">The method.</param>
    /// <param name="start">Method-specific input.</param>
    /// <param name="purpose"><see cref="VerificationPurpose"/> or a <see cref="SigningPurpose"/>.</param>
    /// <param name="smsSentToNumber">When codes were sent to this person's mobile recently (for the rate limit).</param>
    /// <param name="cancellationToken">Cancels the provider call.</param>
    /// <exception cref="IdentityRateLimitException">An SMS code was asked for too often.</exception>
    /// <exception cref="IdentityProviderException">The provider gave no answer; the returned record is Failed.</exception>
    public async Task<IdentityVerification> StartAsync(Person person, VerificationMethod method, VerificationStart start,
        string purpose, IReadOnlyCollection<DateTimeOffset> smsSentToNumber, CancellationToken cancellationToken)
    {
        if (person.Status == PersonStatus.Erased)
        {
            throw new IdentityException(IdentityFailure.WrongState, $"Person {person.Id} was erased and cannot be verified.");
        }

        if (purpose != VerificationPurpose && method is not (VerificationMethod.SmsCode or VerificationMethod.UKey))
        {
            throw new IdentityException(IdentityFailure.InvalidInput, "A fresh authentication for signing uses SmsCode or UKey: only they prove the person is present now.");
        }

        var now = time.GetUtcNow();
        var hubOwn = method is VerificationMethod.SmsCode or VerificationMethod.UKey;
        var verification = new IdentityVerification(SubjectKind.Person, person.Id, person.OrganisationId, method,
            hubOwn ? "hub" : provider.Name, purpose, now);
        switch (method)
        {
            case VerificationMethod.SmsCode:
                if (SmsRateLimit.WaitBeforeNext(smsSentToNumber, now) is { } wait)
                {
                    throw new IdentityRateLimitException(
                        $"Too many codes for this mobile; try again in {Math.Ceiling(wait.TotalSeconds):0} s.", wait);
                }

                var secret = RandomNumberGenerator.GetBytes(20);
                var code = OneTimeCode.Totp(secret, now, OtpStep);
                verification.SetChallenge(person.Protect(keys, OtpSecretField, Convert.ToBase64String(secret)),
                    OneTimeCode.TimeStep(now, OtpStep).ToString(CultureInfo.InvariantCulture));
                await sms.SendAsync(person.Id, person.Reveal(keys).Mobile, $"【Hub】验证码 {code}，5分钟内有效。Your Hub code is {code}.", cancellationToken);
                return verification;
            case VerificationMethod.UKey:
                verification.SetChallenge(UKeyChallenge.NewNonce());
                return verification;
        }

        await AskProviderAsync(person, verification, method, start, cancellationToken);
        return verification;
    }

    /// <summary>Completes a pending verification with the person's answer (SMS code, UKey signature) or, for network
    /// identity, by reading the session the person authorised. Returns the attempts left for a wrong code.</summary>
    /// <exception cref="IdentityException">The verification is not pending (answered, locked, expired: a replay).</exception>
    public async Task<int?> CompleteAsync(Person person, IdentityVerification verification, VerificationAnswer answer,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        verification.RequirePending();
        if (verification.ExpireIfDue(now))
        {
            return null;
        }

        switch (verification.Method)
        {
            case VerificationMethod.SmsCode:
                var secret = Convert.FromBase64String(person.Unprotect(keys, OtpSecretField, verification.Challenge!));
                var step = long.Parse(verification.ProviderReference!, CultureInfo.InvariantCulture);
                if (OneTimeCode.Matches(OneTimeCode.Hotp(secret, step), answer.Code))
                {
                    Succeed(person, verification, AssuranceLevel.Low, null, now);
                    return null;
                }

                return verification.CountWrongAnswer(now);
            case VerificationMethod.UKey:
                if (answer.Signature is null || answer.Certificate is null)
                {
                    throw new IdentityException(IdentityFailure.InvalidInput, "A UKey answer needs 'signature' and 'certificate'.");
                }

                var refusal = ukey.Refusal(answer.Certificate, UKeyChallenge.ToBeSigned(verification.Id, verification.Challenge),
                    answer.Signature, person.Pseudonym, now);
                if (refusal is null)
                {
                    Succeed(person, verification, AssuranceLevel.High, null, now);
                }
                else
                {
                    verification.Refuse(refusal, now);
                }

                return null;
            case VerificationMethod.NetworkIdentity:
                var verdict = await CallAsync(verification, () => provider.ReadNetworkIdentityAsync(verification.ProviderReference!, cancellationToken));
                if (verdict.Result != ProviderResult.Pending)
                {
                    Conclude(person, verification, verdict, AssuranceLevel.High);
                }

                return null;
            default:
                throw new IdentityException(IdentityFailure.WrongState, $"A {verification.Method} verification completes when it starts; there is nothing to answer.");
        }
    }

    private async Task AskProviderAsync(Person person, IdentityVerification verification, VerificationMethod method,
        VerificationStart start, CancellationToken cancellationToken)
    {
        var details = person.Reveal(keys);
        switch (method)
        {
            case VerificationMethod.ThreeElement:
                Conclude(person, verification, await CallAsync(verification, () => provider.CheckThreeElementsAsync(details, cancellationToken)),
                    AssuranceLevel.Substantial);
                break;
            case VerificationMethod.Face:
                if (start.ImageSha256 is not { Length: 64 } digest || !digest.All(char.IsAsciiHexDigit))
                {
                    throw new IdentityException(IdentityFailure.InvalidInput, "A face verification needs 'imageSha256', the SHA-256 of the captured image in hex.");
                }

                Conclude(person, verification, await CallAsync(verification,
                    () => provider.CheckFaceAsync(details, digest.ToLowerInvariant(), start.LivenessPassed, cancellationToken)), AssuranceLevel.Substantial);
                break;
            case VerificationMethod.NetworkIdentity:
                var session = await CallAsync(verification, () => provider.StartNetworkIdentityAsync(details.Name, details.IdNumber, cancellationToken));
                if (session.Result == ProviderResult.Pending && session.Reference is { } sessionId)
                {
                    verification.SetChallenge([], sessionId);
                }
                else
                {
                    Conclude(person, verification, session, AssuranceLevel.High);
                }

                break;
            default:
                throw new IdentityException(IdentityFailure.InvalidInput, $"{method} is not a person verification method.");
        }
    }

    private async Task<ProviderVerdict> CallAsync(IdentityVerification verification, Func<Task<ProviderVerdict>> call)
    {
        try
        {
            return await call();
        }
        catch (IdentityProviderException exception)
        {
            verification.Fail(exception.Message, time.GetUtcNow());
            throw;
        }
    }

    private void Conclude(Person person, IdentityVerification verification, ProviderVerdict verdict, AssuranceLevel level)
    {
        var now = time.GetUtcNow();
        switch (verdict.Result)
        {
            case ProviderResult.Match:
                Succeed(person, verification, level, verdict.Reference, now);
                break;
            case ProviderResult.Pending:
                // A provider that answers "pending" where a verdict was due has proved nothing.
                verification.Fail("The provider answered 'pending' where a verdict was expected.", now);
                break;
            default:
                verification.Refuse(verdict.Result switch
                {
                    ProviderResult.Mismatch => "The details do not match the register.",
                    ProviderResult.Deceased => "The register records the person as deceased.",
                    ProviderResult.InvalidDocument => "The identity card is no longer valid.",
                    ProviderResult.Declined => "The person declined the authorisation in the national app.",
                    _ => $"The provider answered {verdict.Result}.",
                }, now);
                break;
        }
    }

    private static void Succeed(Person person, IdentityVerification verification, AssuranceLevel level, string? reference, DateTimeOffset now)
    {
        // A fresh authentication for signing counts for one signature within the challenge lifetime only.
        var forSigning = verification.Purpose != VerificationPurpose;
        verification.Verify(level, forSigning ? IdentityVerification.ChallengeLifetime : ResultValidity, reference, now);
        if (!forSigning)
        {
            person.MarkVerified(level, now + ResultValidity, now);
        }
    }
}
