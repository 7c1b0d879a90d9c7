using Hub.Activities.Identity.Verification;

namespace Hub.Activities.Identity.Signing;

/// <summary>
/// One use of a personal signing key, after the fresh authentication that unlocked it: the evidence that the key
/// was under the signer's sole control at that moment (PRC Electronic Signature Law art. 13 (2)).
/// </summary>
public sealed class SigningKeyUse
{
    private SigningKeyUse() => CertificateSerial = string.Empty;

    internal SigningKeyUse(Guid personId, string certificateSerial, byte[] documentSha256, Guid authenticationId,
        VerificationMethod method, Guid callerId, DateTimeOffset usedAt)
    {
        Id = Guid.NewGuid();
        PersonId = personId;
        CertificateSerial = certificateSerial;
        DocumentSha256 = documentSha256;
        AuthenticationId = authenticationId;
        Method = method;
        CallerId = callerId;
        UsedAt = usedAt;
    }

    /// <summary>Identifier.</summary>
    public Guid Id { get; private set; }

    /// <summary>Whose key.</summary>
    public Guid PersonId { get; private set; }

    /// <summary>Which certificate's key.</summary>
    public string CertificateSerial { get; private set; }

    /// <summary>What was signed.</summary>
    public byte[] DocumentSha256 { get; private set; } = [];

    /// <summary>The fresh authentication consumed.</summary>
    public Guid AuthenticationId { get; private set; }

    /// <summary>How the person authenticated (SMS code or UKey).</summary>
    public VerificationMethod Method { get; private set; }

    /// <summary>The Hub user or API key that asked for the signature.</summary>
    public Guid CallerId { get; private set; }

    /// <summary>When.</summary>
    public DateTimeOffset UsedAt { get; private set; }
}
