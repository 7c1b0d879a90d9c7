namespace Hub.Activities.Identity.Verification;

/// <summary>Too many challenges for one number: the caller must wait <see cref="RetryAfter"/>.</summary>
public sealed class IdentityRateLimitException(string message, TimeSpan retryAfter) : IdentityException(IdentityFailure.RateLimited, message)
{
    /// <summary>How long until the next attempt is allowed.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}
