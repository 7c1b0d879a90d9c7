using Hub.Activities.Identity.Persons;
using Hub.Activities.Identity.Verification;
using Hub.Workflows.Effects;

namespace Hub.Activities.Identity.Signing;

/// <summary>
/// Unlocks a person's Hub-held key for one PDF signature (PRC Electronic Signature Law art. 13 (2), sole control): the
/// fresh authentication the person made for exactly these document bytes is consumed and the key use recorded before
/// the caller learns which key to open. Unlike <see cref="PersonalSigner"/>, which signs a digest itself, a PAdES
/// signature signs attributes that only exist once the document's new revision is laid out, so the caller signs, inside
/// the transaction it opened around this call: if that transaction does not commit, neither the use nor the signature
/// counts. One authentication still unlocks one signature over the document it was made for.
/// </summary>
public sealed class PersonalSignatureUnlock(IIdentityStore store, IIdentityKeys keys, TimeProvider time)
{
    /// <summary>
    /// Consumes <paramref name="authenticationId"/> for <paramref name="documentSha256"/> and adds the
    /// <see cref="SigningKeyUse"/> of the person's newest Hub-held certificate, saved in the caller's open transaction.
    /// </summary>
    /// <param name="owner">The organisation the signature is made for; the person must belong to its subtree.</param>
    /// <param name="personId">Whose key.</param>
    /// <param name="authenticationId">The person's fresh authentication for these document bytes.</param>
    /// <param name="documentSha256">SHA-256 of the document as it is before this signature.</param>
    /// <param name="callerId">Who asked (a user id, or <see cref="Guid.Empty"/> for a flow acting for the person).</param>
    /// <param name="cancellationToken">Cancels the reads and the save.</param>
    /// <exception cref="IdentityException">No such person (<see cref="IdentityFailure.NotFound"/>), outside the owner
    /// (<see cref="IdentityFailure.OutOfScope"/>), not verified or without a Hub-held certificate
    /// (<see cref="IdentityFailure.WrongState"/>), an authentication not usable for this document
    /// (<see cref="IdentityFailure.AuthenticationUnusable"/>), or one consumed by another signature at the same moment
    /// (<see cref="IdentityFailure.ConcurrentChange"/>).</exception>
    public async Task<UnlockedPersonalKey> UnlockAsync(EffectOwner owner, Guid personId, Guid authenticationId, byte[] documentSha256, Guid callerId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var now = time.GetUtcNow();
        var person = await store.FindPersonAsync(personId, cancellationToken)
                     ?? throw new IdentityException(IdentityFailure.NotFound, $"No person {personId} in the identity store.");
        var path = await store.OrganisationPathAsync(person.OrganisationId, cancellationToken);
        if (path is null || !owner.Covers(path))
        {
            throw new IdentityException(IdentityFailure.OutOfScope,
                $"Person {person.Id} belongs to an organisation outside this instance's organisation; identity records never cross organisations.");
        }

        if (!person.IsVerified(now, AssuranceLevel.Substantial))
        {
            throw new IdentityException(IdentityFailure.WrongState, $"Person {person.Id} is not verified at level Substantial or above; they cannot sign.");
        }

        var (certificate, use) = await KeyUseAuthorisation.ConsumeAsync(store, person, authenticationId, documentSha256, callerId, now, cancellationToken);

        // The name is what a personal seal shows (个人名章); it is revealed only now, for the appearance of this signature.
        var name = person.Reveal(await keys.RingForAsync(person, cancellationToken)).Name;
        return new UnlockedPersonalKey(person.Id, path, certificate, use, name);
    }
}

/// <summary>What <see cref="PersonalSignatureUnlock.UnlockAsync"/> unlocked: the certificate whose key may sign this one
/// document now, the recorded use, and the signer's name for the signature's appearance.</summary>
/// <param name="PersonId">The signer.</param>
/// <param name="OrganisationPath">The signer's organisation's path.</param>
/// <param name="Certificate">The certificate (its <see cref="PartyCertificate.KeyId"/> names the key in the Hub's store).</param>
/// <param name="Use">The recorded key use, saved in the caller's transaction.</param>
/// <param name="SignerName">The person's name, for the personal seal's appearance only.</param>
public sealed record UnlockedPersonalKey(Guid PersonId, string OrganisationPath, PartyCertificate Certificate, SigningKeyUse Use, string SignerName);
