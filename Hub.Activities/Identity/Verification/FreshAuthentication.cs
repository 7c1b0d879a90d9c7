using Hub.Activities.Identity.Persons;

namespace Hub.Activities.Identity.Verification;

/// <summary>Unlocking one use (a signature, a key enrolment) with a person's fresh authentication.</summary>
internal static class FreshAuthentication
{
    /// <summary>Loads the person's fresh authentication and marks it used for <paramref name="purpose"/>; the caller's
    /// save commits that, and the row version refuses a second use racing it.</summary>
    public static async Task<IdentityVerification> ConsumeAsync(IIdentityStore store, Person person, Guid? authenticationId, string purpose,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var authentication = authenticationId is { } id ? await store.FindVerificationAsync(id, cancellationToken) : null;
        if (authentication is null || authentication.SubjectId != person.Id)
        {
            throw new IdentityException(IdentityFailure.AuthenticationUnusable, $"Authentication {authenticationId} is not one of person {person.Id}.");
        }

        authentication.Consume(purpose, now);
        return authentication;
    }
}
