using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hub.Trust.Verification;

/// <summary>
/// The verdict on one signature or document time-stamp, with its dimensions kept apart (as pyHanko's status does):
/// <see cref="Intact"/> (the signed bytes are unchanged), <see cref="Valid"/> (the cryptography and revocation hold),
/// <see cref="Trusted"/> (the chain reaches a configured anchor), <see cref="Coverage"/> and <see cref="Modifications"/>.
/// </summary>
public sealed record PdfSignatureVerdict
{
    /// <summary>The signature field's fully qualified name.</summary>
    public required string FieldName { get; init; }

    /// <summary>The <c>/SubFilter</c>, e.g. <c>ETSI.CAdES.detached</c> or <c>ETSI.RFC3161</c>.</summary>
    public required string SubFilter { get; init; }

    /// <summary>Whether this is a document time-stamp (<c>/Type /DocTimeStamp</c>).</summary>
    public bool IsDocumentTimestamp { get; init; }

    /// <summary>The signing (or TSA) certificate, when one was found in the CMS.</summary>
    public X509Certificate2? SigningCertificate { get; init; }

    /// <summary>The signer's subject, or empty.</summary>
    public string SignerSubject => SigningCertificate?.Subject ?? string.Empty;

    /// <summary>The byte range hashes to the signed message digest (or time-stamp imprint).</summary>
    public bool Intact { get; init; }

    /// <summary>The signature verifies with the signing certificate, which the signature binds, is not revoked at the signing time, and any time-stamp is valid.</summary>
    public bool Valid { get; init; }

    /// <summary>The signing certificate chains to a configured trust anchor at the signing time.</summary>
    public bool Trusted { get; init; }

    /// <summary>How much of the file the byte range covers.</summary>
    public PdfSignatureCoverage Coverage { get; init; }

    /// <summary>What later revisions changed.</summary>
    public PdfModificationLevel Modifications { get; init; }

    /// <summary>Object numbers changed in disallowed ways after this signature.</summary>
    public IReadOnlyList<int> ModifiedObjects { get; init; } = [];

    /// <summary>The time-stamp's time (signature-time-stamp, or the token of a document time-stamp), when present.</summary>
    public DateTimeOffset? TimestampTime { get; init; }

    /// <summary>Whether the time-stamp verifies over the signature value (null when there is none).</summary>
    public bool? TimestampValid { get; init; }

    /// <summary>When the signing certificate was revoked, per an embedded or configured CRL the issuer signed.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>Signed attributes other than content-type, message-digest, signing-time and signing-certificate(-v2): type and first value.</summary>
    public IReadOnlyList<AsnEncodedData> ExtraSignedAttributes { get; init; } = [];

    /// <summary>
    /// Every CMS signed attribute, by attribute type OID, with each value's DER bytes (the AttributeValue, e.g. an
    /// OCTET STRING). Empty for document time-stamps and unreadable signatures.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<byte[]>> SignedAttributes { get; init; } = new Dictionary<string, IReadOnlyList<byte[]>>();

    /// <summary>
    /// The files associated with this signature through its widget's <c>/AF</c> (see <see cref="Signing.SignatureAttachment"/>),
    /// as they are in the file now; whether the signature covers them is what <see cref="Intact"/> and
    /// <see cref="Modifications"/> say. Unreadable ones are left out and named in <see cref="Problems"/>.
    /// </summary>
    public IReadOnlyList<Signing.SignatureAttachment> Attachments { get; init; } = [];

    /// <summary>
    /// The byte offset where the revision holding this signature starts: the file's first <c>RevisionStart</c> bytes
    /// are the document as it was before this signature was added (hash them to compare with the hash the sealing
    /// request named). 0 when the signature is in the first revision; null when the byte range is unusable.
    /// </summary>
    public long? RevisionStart { get; init; }

    /// <summary>Why a dimension failed, one message each.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>Intact, valid, trusted, a whole revision followed only by updates, and no disallowed changes.</summary>
    public bool IsAcceptable =>
        Intact && Valid && Trusted && Coverage >= PdfSignatureCoverage.FollowedByUpdates && Modifications != PdfModificationLevel.Disallowed;
}
