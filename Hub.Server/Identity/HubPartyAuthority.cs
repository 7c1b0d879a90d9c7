using Hub.Activities.Identity;
using Hub.Server.Trust;
using Hub.Trust.Keys;
using Hub.Trust.Pki;

namespace Hub.Server.Identity;

/// <summary>The identity use cases' view of the node's trust services (<see cref="HubTrust"/>).</summary>
internal sealed class HubPartyAuthority(HubTrust trust) : IPartyAuthority
{
    public CertificateAuthority Authority => trust.Authority;

    public IKeyStore Keys => trust.Keys;

    public Task<CertificateAuthorityChain> EnsureAuthorityAsync(CancellationToken cancellationToken) => trust.EnsureAuthorityAsync(cancellationToken);

    public Task<byte[]> CurrentCrlAsync(CancellationToken cancellationToken) => trust.CurrentCrlAsync(cancellationToken);
}
