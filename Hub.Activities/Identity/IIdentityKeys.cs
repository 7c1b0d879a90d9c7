using Hub.Activities.Identity.Persons;
using Hub.Activities.Identity.Protection;

namespace Hub.Activities.Identity;

/// <summary>The node's identity key ring, kept by the host under its master key; rotation is the host's business.</summary>
public interface IIdentityKeys
{
    /// <summary>A ring that can unwrap <paramref name="person"/>'s data key (reloaded when another node rotated since).</summary>
    Task<IdentityKeyRing> RingForAsync(Person person, CancellationToken cancellationToken);

    /// <summary>A ring whose lookup key is the current one, so a duplicate check never hashes with a retired key.</summary>
    Task<IdentityKeyRing> RingForLookupAsync(CancellationToken cancellationToken);
}
