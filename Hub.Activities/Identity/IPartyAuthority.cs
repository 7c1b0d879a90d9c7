using Hub.Trust.Keys;
using Hub.Trust.Pki;

namespace Hub.Activities.Identity;

/// <summary>The Hub's certificate authority and key store as the identity use cases use them: certificates for
/// verified parties, revocation when a person is erased, signatures with keys the Hub holds for persons.</summary>
public interface IPartyAuthority
{
    /// <summary>The CA (created on first use).</summary>
    CertificateAuthority Authority { get; }

    /// <summary>Where the keys of Hub-held personal certificates live.</summary>
    IKeyStore Keys { get; }

    /// <summary>The CA chain, created on first call.</summary>
    Task<CertificateAuthorityChain> EnsureAuthorityAsync(CancellationToken cancellationToken);

    /// <summary>The issuing CA's current CRL (DER), listing every revocation recorded so far by any node.</summary>
    Task<byte[]> CurrentCrlAsync(CancellationToken cancellationToken);
}
