using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hub.Trust.Signing;

/// <summary>What to seal with and how: one PAdES signature added to a document by <see cref="PdfSigner"/>.</summary>
public sealed class PdfSealRequest
{
    /// <summary>The seal certificate. Its private key is used unless <see cref="PrivateKey"/> is given.</summary>
    public required X509Certificate2 Certificate { get; init; }

    /// <summary>The private key (RSA or ECDSA), e.g. from <c>IKeyStore.OpenSigningKeyAsync</c>. Unset: the certificate's own key.</summary>
    public AsymmetricAlgorithm? PrivateKey { get; init; }

    /// <summary>Issuing and root CA certificates, embedded in the CMS and (from B-LT) in the DSS. Unset: none.</summary>
    public IReadOnlyList<X509Certificate2> Chain { get; init; } = [];

    /// <summary>DER CRLs for the DSS (B-LT and up). Unset: none.</summary>
    public IReadOnlyList<byte[]> Crls { get; init; } = [];

    /// <summary>The signature field's partial name: unique in the document, without a period. Unset: <c>Seal1</c>, <c>Seal2</c>, …</summary>
    public string? FieldName { get; init; }

    /// <summary>Baseline level. Default B-B; B-T and up need the signer's time-stamp client.</summary>
    public PadesLevel Level { get; init; } = PadesLevel.BaselineB;

    /// <summary>Where the widgets go. Default invisible.</summary>
    public SealPlacement Placement { get; init; } = SealPlacement.Invisible;

    /// <summary>The visible seal; required for every placement but <see cref="SealPlacement.Invisible"/>.</summary>
    public SealAppearance? Appearance { get; init; }

    /// <summary>Certify with DocMDP P=2 (ISO 32000-2 §12.8.2.2), allowed only on a document without signatures. Default false.</summary>
    public bool Certify { get; init; }

    /// <summary>The <c>/Reason</c> text. Unset: none.</summary>
    public string? Reason { get; init; }

    /// <summary>The <c>/Location</c> text. Unset: none.</summary>
    public string? Location { get; init; }

    /// <summary>
    /// Extra signed attributes, each an attribute type (<see cref="AsnEncodedData.Oid"/>) with one DER value
    /// (<see cref="AsnEncodedData.RawData"/>), such as the seal-use grant digest. Content-type, message-digest,
    /// signing-time and signing-certificate(-v2) are refused. Unset: none.
    /// </summary>
    public IReadOnlyList<AsnEncodedData> ExtraSignedAttributes { get; init; } = [];

    /// <summary>
    /// Files carried with this seal (e.g. the platform-signed approval statement), written in the same incremental
    /// update as the signature so its byte range covers them: embedded files associated with the seal's widget and
    /// listed in the catalog (see <see cref="SignatureAttachment"/>). A seal shown on several pages carries them on its
    /// first field only. Unset: none.
    /// </summary>
    public IReadOnlyList<SignatureAttachment> Attachments { get; init; } = [];
}
