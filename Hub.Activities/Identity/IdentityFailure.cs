namespace Hub.Activities.Identity;

/// <summary>Why an identity use case refused: the code a host maps to its answer (an HTTP status, a workflow
/// outcome), so no caller has to read a message to decide.</summary>
public enum IdentityFailure
{
    /// <summary>A record the request names does not exist (or does not belong to the subject named with it).</summary>
    NotFound,

    /// <summary>The subject is not in a state that allows this: not verified, erased, verified already, a
    /// verification no longer pending.</summary>
    WrongState,

    /// <summary>A fresh authentication cannot unlock this use: not verified, made for another document or key,
    /// used already, or expired.</summary>
    AuthenticationUnusable,

    /// <summary>The record exists already (an enterprise with the same credit code, a person with the same ID number).</summary>
    Duplicate,

    /// <summary>Another request changed the same record at the same moment; this one saved nothing.</summary>
    ConcurrentChange,

    /// <summary>The input cannot be acted on (a method that does not fit, a malformed answer or id).</summary>
    InvalidInput,

    /// <summary>The Hub's CA refused a PKCS#10 certification request; nothing was issued.</summary>
    CertificationRequestRefused,

    /// <summary>The record belongs to an organisation outside the requester's subtree; identity records never cross organisations.</summary>
    OutOfScope,

    /// <summary>The provider (or the SMS channel) could not answer now; a later attempt may succeed. Nobody was verified.</summary>
    ProviderUnavailable,

    /// <summary>The provider refused the request (a configuration or protocol problem); retrying will not help.</summary>
    ProviderRefused,

    /// <summary>Too many challenges for one mobile number; see <see cref="Verification.IdentityRateLimitException.RetryAfter"/>.</summary>
    RateLimited,

    /// <summary>Protected personal data cannot be read: erased (crypto-shredded), a retired key, or altered bytes.</summary>
    PersonalDataUnreadable,
}
