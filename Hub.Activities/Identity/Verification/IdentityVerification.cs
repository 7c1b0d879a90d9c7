using Hub.Activities.Identity.UKey;

namespace Hub.Activities.Identity.Verification;

/// <summary>
/// One verification attempt: method, provider, assurance level, times and outcome (issue 5 item 2). Challenges
/// (SMS code, UKey nonce, network identity session) live on the record while it is pending; a fresh authentication
/// for signing is a verification with a <see cref="Purpose"/> naming the document digest, consumed once.
/// </summary>
public sealed class IdentityVerification
{
    /// <summary>Wrong codes allowed before a challenge locks (brute force of a 6-digit code then has 5 in 10^6 odds).</summary>
    public const int MaxAttempts = 5;

    /// <summary>How long a challenge may be answered (issue 5: SMS codes are valid 5 minutes).</summary>
    public static readonly TimeSpan ChallengeLifetime = TimeSpan.FromMinutes(5);

    private IdentityVerification()
    {
        Provider = string.Empty;
        Purpose = string.Empty;
    }

    internal IdentityVerification(SubjectKind subjectKind, Guid subjectId, Guid organisationId, VerificationMethod method,
        string provider, string purpose, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        SubjectKind = subjectKind;
        SubjectId = subjectId;
        OrganisationId = organisationId;
        Method = method;
        Provider = provider;
        Purpose = purpose;
        Status = VerificationStatus.Pending;
        StartedAt = now;
        ChallengeExpiresAt = now + ChallengeLifetime;
    }

    /// <summary>Identifier.</summary>
    public Guid Id { get; private set; }

    /// <summary>Person or enterprise.</summary>
    public SubjectKind SubjectKind { get; private set; }

    /// <summary>The person's or enterprise's id.</summary>
    public Guid SubjectId { get; private set; }

    /// <summary>The organisation whose subtree may see the record.</summary>
    public Guid OrganisationId { get; private set; }

    /// <summary>The method.</summary>
    public VerificationMethod Method { get; private set; }

    /// <summary>Which provider answered (a configured provider name, or "hub" for SMS and UKey).</summary>
    public string Provider { get; private set; }

    /// <summary><c>verification</c>, or <c>signing:&lt;sha-256 hex&gt;</c> for a fresh authentication before a signature.</summary>
    public string Purpose { get; private set; }

    /// <summary>Outcome so far.</summary>
    public VerificationStatus Status { get; private set; }

    /// <summary>The level proved, once verified.</summary>
    public AssuranceLevel? Level { get; private set; }

    /// <summary>Why it was refused or failed, without personal data.</summary>
    public string? Reason { get; private set; }

    /// <summary>The provider's opaque reference (e.g. a network identity credential id); never an ID number.</summary>
    public string? ProviderReference { get; private set; }

    /// <summary>Wrong answers so far.</summary>
    public int Attempts { get; private set; }

    /// <summary>When started.</summary>
    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>Until when the challenge may be answered.</summary>
    public DateTimeOffset ChallengeExpiresAt { get; private set; }

    /// <summary>When it reached a final status.</summary>
    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>Until when a successful result counts.</summary>
    public DateTimeOffset? ExpiresAt { get; private set; }

    /// <summary>When a fresh authentication was consumed by a signature.</summary>
    public DateTimeOffset? ConsumedAt { get; private set; }

    /// <summary>Challenge material: the SMS secret (encrypted under the person's data key) or the UKey nonce.</summary>
    internal byte[]? Challenge { get; private set; }

    /// <summary>The bytes a UKey must sign to answer this verification while it is a pending UKey challenge; else null.</summary>
    public byte[]? ToBeSigned() =>
        this is { Method: VerificationMethod.UKey, Status: VerificationStatus.Pending, Challenge: { } nonce } ? UKeyChallenge.ToBeSigned(Id, nonce) : null;

    internal void SetChallenge(byte[] challenge, string? providerReference = null)
    {
        RequirePending();
        Challenge = challenge;
        ProviderReference = providerReference ?? ProviderReference;
    }

    internal void Verify(AssuranceLevel level, TimeSpan validity, string? providerReference, DateTimeOffset now)
    {
        RequirePending();
        Status = VerificationStatus.Verified;
        Level = level;
        ProviderReference = providerReference ?? ProviderReference;
        CompletedAt = now;
        ExpiresAt = now + validity;
        Challenge = null;
    }

    internal void Refuse(string reason, DateTimeOffset now) => Close(VerificationStatus.Refused, reason, now);

    internal void Fail(string reason, DateTimeOffset now) => Close(VerificationStatus.Failed, reason, now);

    /// <summary>Counts a wrong answer; locks at <see cref="MaxAttempts"/>. Returns the attempts left.</summary>
    internal int CountWrongAnswer(DateTimeOffset now)
    {
        RequirePending();
        Attempts++;
        if (Attempts >= MaxAttempts)
        {
            Close(VerificationStatus.Locked, $"{MaxAttempts} wrong answers; the challenge is locked.", now);
        }

        return MaxAttempts - Attempts;
    }

    /// <summary>Closes an unanswered challenge whose time ran out; true when it did.</summary>
    public bool ExpireIfDue(DateTimeOffset now)
    {
        if (Status != VerificationStatus.Pending || now < ChallengeExpiresAt)
        {
            return false;
        }

        Close(VerificationStatus.Expired, "The challenge was not answered within 5 minutes.", now);
        return true;
    }

    /// <summary>Uses a fresh authentication for the signature it was made for, exactly once.</summary>
    /// <exception cref="IdentityException">Not verified, made for another document, expired, or used already.</exception>
    internal void Consume(string purpose, DateTimeOffset now)
    {
        if (Status != VerificationStatus.Verified)
        {
            throw new IdentityException(IdentityFailure.AuthenticationUnusable, $"Authentication {Id} is {Status}, not Verified; the signing key stays locked.");
        }

        if (!string.Equals(Purpose, purpose, StringComparison.Ordinal))
        {
            throw new IdentityException(IdentityFailure.AuthenticationUnusable, $"Authentication {Id} was made for another signing or enrolment ({Purpose}).");
        }

        if (ConsumedAt is not null)
        {
            throw new IdentityException(IdentityFailure.AuthenticationUnusable, $"Authentication {Id} was used already; authenticate again.");
        }

        if (now > ExpiresAt)
        {
            throw new IdentityException(IdentityFailure.AuthenticationUnusable, $"Authentication {Id} expired at {ExpiresAt:u}; authenticate again.");
        }

        ConsumedAt = now;
    }

    private void Close(VerificationStatus status, string reason, DateTimeOffset now)
    {
        RequirePending();
        Status = status;
        Reason = reason;
        CompletedAt = now;
        Challenge = null;
    }

    internal void RequirePending()
    {
        if (Status != VerificationStatus.Pending)
        {
            throw new IdentityException(IdentityFailure.WrongState, $"Verification {Id} is {Status}; only a pending verification can change.");
        }
    }
}
