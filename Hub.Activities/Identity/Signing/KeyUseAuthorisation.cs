using Hub.Activities.Identity.Persons;
using Hub.Activities.Identity.Verification;

namespace Hub.Activities.Identity.Signing;

/// <summary>
/// The one rule both personal signers keep (sole control, PRC Electronic Signature Law art. 13 (2)): the person's newest
/// Hub-held certificate is found, the fresh authentication made for exactly these document bytes is consumed, and the
/// <see cref="SigningKeyUse"/> saved with it, before any key is opened.
/// </summary>
internal static class KeyUseAuthorisation
{
    /// <summary>Consumes <paramref name="authenticationId"/> for <paramref name="documentSha256"/> and saves the key use.</summary>
    /// <exception cref="IdentityException">No Hub-held certificate (<see cref="IdentityFailure.WrongState"/>), an
    /// authentication not usable for these bytes, or one used by another signature at the same moment
    /// (<see cref="IdentityFailure.ConcurrentChange"/>).</exception>
    public static async Task<(PartyCertificate Certificate, SigningKeyUse Use)> ConsumeAsync(IIdentityStore store, Person person, Guid authenticationId,
        byte[] documentSha256, Guid callerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Only a key in the Hub's store can sign here; a key on the person's UKey signs on the device.
        var certificate = await store.NewestHubKeyCertificateAsync(person.Id, now, cancellationToken)
            ?? throw new IdentityException(IdentityFailure.WrongState,
                $"Person {person.Id} has no valid certificate whose key the Hub holds; a key on the person's own UKey signs on the device.");
        var authentication = await FreshAuthentication.ConsumeAsync(store, person, authenticationId, PersonVerifier.SigningPurpose(documentSha256), now,
            cancellationToken);
        var use = new SigningKeyUse(person.Id, certificate.SerialNumber, documentSha256, authentication.Id, authentication.Method, callerId, now);
        store.Add(use);
        try
        {
            await store.SaveAsync(cancellationToken);
        }
        catch (IdentityException exception) when (exception.Failure == IdentityFailure.ConcurrentChange)
        {
            throw new IdentityException(IdentityFailure.ConcurrentChange,
                $"Authentication {authenticationId} was being used by another signature at the same moment; it signs once.", exception);
        }

        return (certificate, use);
    }
}
