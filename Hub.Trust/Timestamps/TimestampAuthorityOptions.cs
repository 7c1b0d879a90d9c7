using System.Security.Cryptography;

namespace Hub.Trust.Timestamps;

/// <summary>Configuration section <c>TimestampAuthority</c>: the policy and accuracy the Hub's RFC 3161 TSA states in its tokens.</summary>
public sealed class TimestampAuthorityOptions
{
    /// <summary>
    /// The Hub's default TSA policy: a UUID-derived OID (ITU-T X.667, arc 2.25, from UUID eb06dce8-95a9-4a54-9283-78f2fdca3cdc),
    /// which needs no registration. Deployments with a registered policy set <see cref="PolicyOid"/>.
    /// </summary>
    public const string DefaultPolicyOid = "2.25.312404213347970871717084369293723450588";

    /// <summary>The TSA policy (RFC 3161 §2.4.2 TSTInfo.policy). Requests naming another policy are refused with unacceptedPolicy. Default <see cref="DefaultPolicyOid"/>.</summary>
    public string PolicyOid { get; set; } = DefaultPolicyOid;

    /// <summary>The accuracy stated in each token (TSTInfo.accuracy): how far genTime may be from UTC. Default 1 second; zero leaves it out.</summary>
    public TimeSpan Accuracy { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether tokens name the TSA (TSTInfo.tsa, the certificate subject as a directoryName). Default false.</summary>
    public bool IncludeTsaName { get; set; }

    /// <summary>Digest of the token's SignerInfo. Default SHA-256.</summary>
    public HashAlgorithmName SignatureHash { get; set; } = HashAlgorithmName.SHA256;

    /// <summary>Checks the policy OID, accuracy and hash.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public void Validate()
    {
        var arcs = (PolicyOid ?? "").Split('.');
        if (arcs.Length < 2 || arcs.Any(a => a.Length == 0 || !a.All(char.IsAsciiDigit)) || arcs[0] is not ("0" or "1" or "2"))
        {
            throw new ArgumentException($"TimestampAuthority:PolicyOid '{PolicyOid}' is not a dotted-decimal object identifier.");
        }

        if (Accuracy < TimeSpan.Zero)
        {
            throw new ArgumentException($"TimestampAuthority:Accuracy {Accuracy} must not be negative.");
        }

        TimestampHashes.Oid(SignatureHash);
    }
}
