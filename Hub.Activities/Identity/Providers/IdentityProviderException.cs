namespace Hub.Activities.Identity.Providers;

/// <summary>
/// A provider could not give an answer: timeout, rate limit, outage, or a refused request. Carries whether a later
/// attempt may succeed. Never means "verified".
/// </summary>
public sealed class IdentityProviderException(string message, bool isTransient, TimeSpan? retryAfter = null, Exception? inner = null)
    : IdentityException(isTransient ? IdentityFailure.ProviderUnavailable : IdentityFailure.ProviderRefused, message, inner)
{
    /// <summary>Whether trying again later may succeed.</summary>
    public bool IsTransient { get; } = isTransient;

    /// <summary>How long the provider asked us to wait (HTTP 429 Retry-After), when it did.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
