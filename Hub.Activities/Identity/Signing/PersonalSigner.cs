using System.Security.Cryptography;
using Hub.Activities.Identity.Persons;
using Microsoft.Extensions.Logging;

namespace Hub.Activities.Identity.Signing;

/// <summary>
/// Signs with a person's key the Hub holds, only under their sole control (PRC Electronic Signature Law art. 13 (2)):
/// each signature consumes a fresh authentication the person made for exactly that document digest, and every use is
/// logged in the same save that consumes it.
/// </summary>
public sealed class PersonalSigner(IIdentityStore store, IPartyAuthority authority, TimeProvider time, ILogger<PersonalSigner> logger)
{
    /// <summary>Signs <paramref name="documentSha256"/> with the person's newest certificate key the Hub holds,
    /// consuming <paramref name="authenticationId"/>; <paramref name="callerId"/> is logged as who asked.</summary>
    /// <exception cref="IdentityException">No such certificate (<see cref="IdentityFailure.WrongState"/>), an
    /// authentication not usable for this digest, or one being used by another signature at the same moment
    /// (<see cref="IdentityFailure.ConcurrentChange"/>).</exception>
    public async Task<(byte[] Signature, PartyCertificate Certificate, SigningKeyUse Use)> SignAsync(Person person, Guid authenticationId,
        byte[] documentSha256, Guid callerId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (certificate, use) = await KeyUseAuthorisation.ConsumeAsync(store, person, authenticationId, documentSha256, callerId, now, cancellationToken);
        var signature = await authority.Keys.SignHashAsync(certificate.KeyId!, documentSha256, HashAlgorithmName.SHA256, cancellationToken);
        Log.SigningKeyUsed(logger, person.Id, certificate.SerialNumber, use.AuthenticationId);
        return (signature, certificate, use);
    }
}
