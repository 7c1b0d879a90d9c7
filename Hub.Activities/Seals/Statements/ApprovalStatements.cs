using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Hub.Trust.Signing;

namespace Hub.Activities.Seals.Statements;

/// <summary>
/// Makes what a seal carries for its approval statement: the statement's canonical JSON signed by the platform as an
/// attached CMS SignedData (RFC 5652, content type id-data), embedded as a file with the seal, and a signed attribute
/// of the seal's own CMS holding the SHA-256 of that JSON, which binds the two. Either alone proves nothing: a
/// statement swapped in from another instance no longer matches the digest the seal signed.
/// </summary>
public static class ApprovalStatements
{
    /// <summary>
    /// The seal's signed attribute type for the statement digest: an OID under the ITU-T X.667 UUID arc (2.25), from
    /// UUID 57b07c77-871a-4741-b777-003d144d0461 generated once for this purpose. Its value is an OCTET STRING holding
    /// the SHA-256 of the statement's canonical JSON bytes.
    /// </summary>
    public const string DigestAttributeOid = "2.25.116559204369144247507311573355044078689";

    /// <summary>The embedded file's name.</summary>
    public const string FileName = "approval-statement.p7m";

    /// <summary>The embedded file's media type (RFC 8551 §3.2: a SignedData).</summary>
    public const string MediaType = "application/pkcs7-mime";

    /// <summary>The largest signed statement a check reads, in bytes (2 MiB).</summary>
    public const int MaxSignedBytes = 2 * 1024 * 1024;

    private const string DataContentType = "1.2.840.113549.1.7.1";

    /// <summary>
    /// Signs <paramref name="statement"/> with the platform's certificate and returns what goes on the seal request:
    /// <see cref="PreparedApprovalStatement.SignedAttribute"/> into <see cref="PdfSealRequest.ExtraSignedAttributes"/> and
    /// <see cref="PreparedApprovalStatement.Attachment"/> into <see cref="PdfSealRequest.Attachments"/>.
    /// </summary>
    /// <param name="statement">The statement; its <see cref="ApprovalStatement.DocumentSha256"/> must be the hash of the bytes about to be sealed.</param>
    /// <param name="platformCertificate">The platform's signing certificate (needs digitalSignature or nonRepudiation, and no EKU that excludes email protection, for <c>openssl cms -verify</c>).</param>
    /// <param name="platformKey">Its private key (RSA or ECDSA).</param>
    /// <param name="chain">Issuing and root certificates to include, so the statement verifies offline.</param>
    /// <exception cref="ArgumentException">The statement's document hash is malformed.</exception>
    /// <exception cref="CryptographicException">The key cannot sign.</exception>
    public static PreparedApprovalStatement Prepare(
        ApprovalStatement statement, X509Certificate2 platformCertificate, AsymmetricAlgorithm platformKey, IReadOnlyList<X509Certificate2> chain)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(platformCertificate);
        ArgumentNullException.ThrowIfNull(platformKey);
        ArgumentNullException.ThrowIfNull(chain);
        var json = ApprovalStatementJson.Serialise(statement);
        var cms = new SignedCms(new ContentInfo(new Oid(DataContentType), json), detached: false);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, platformCertificate, platformKey)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        signer.Certificates.AddRange(chain.ToArray());
        signer.SignedAttributes.Add(new Pkcs9SigningTime(statement.IssuedAt.UtcDateTime));
        cms.ComputeSignature(signer, silent: true);
        return new PreparedApprovalStatement(
            json,
            DigestAttribute(SHA256.HashData(json)),
            new SignatureAttachment(FileName, cms.Encode(), MediaType, "Approval statement signed by the Hub platform / 平台签署的审批声明"));
    }

    /// <summary>The signed attribute carrying <paramref name="sha256"/>.</summary>
    public static AsnEncodedData DigestAttribute(byte[] sha256)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteOctetString(sha256);
        return new AsnEncodedData(new Oid(DigestAttributeOid), writer.Encode());
    }
}
