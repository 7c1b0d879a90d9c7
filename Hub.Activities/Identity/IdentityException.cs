namespace Hub.Activities.Identity;

/// <summary>
/// An identity use case refused, for the reason in <see cref="Failure"/>; the message says it to a person and never
/// carries personal data. The root of the identity failures: a provider that could not answer
/// (<see cref="Providers.IdentityProviderException"/>), a rate limit (<see cref="Verification.IdentityRateLimitException"/>)
/// and unreadable personal data (<see cref="Protection.PersonalDataException"/>) are refinements with their own details.
/// </summary>
public class IdentityException : Exception
{
    /// <summary>Creates a refusal for <paramref name="failure"/> with a message for the person who asked.</summary>
    public IdentityException(IdentityFailure failure, string message, Exception? innerException = null)
        : base(message, innerException) => Failure = failure;

    /// <summary>Why the use case refused.</summary>
    public IdentityFailure Failure { get; }
}
