namespace Hub.Activities.Identity.Verification;

/// <summary>Where one verification attempt stands.</summary>
public enum VerificationStatus
{
    /// <summary>Waiting for the person (a code, a signature, an authorisation in the national app).</summary>
    Pending,

    /// <summary>Proved.</summary>
    Verified,

    /// <summary>The provider or the evidence said no (mismatch, invalid document, wrong signature).</summary>
    Refused,

    /// <summary>The provider could not answer (timeout, rate limit, outage); nothing is proved, it may be started again.</summary>
    Failed,

    /// <summary>Too many wrong codes: closed for good.</summary>
    Locked,

    /// <summary>Not completed in time.</summary>
    Expired,
}
