using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Hub.Trust.Verification;

/// <summary>
/// A detached CMS signature read from <c>/Contents</c> (RFC 5652 §5): its certificates and attributes through
/// <see cref="SignedCms"/>, and the exact signed-attribute bytes and algorithms through <see cref="AsnReader"/>,
/// because the signature covers the DER SET of the attributes as sent (§5.4) and SignedCms hides them.
/// </summary>
internal sealed class CmsSignature
{
    private const string MessageDigestOid = "1.2.840.113549.1.9.4";

    private CmsSignature(SignedCms cms, byte[]? signedAttributes, string digestOid, string signatureOid, byte[] signature)
    {
        Cms = cms;
        SignedAttributes = signedAttributes;
        DigestOid = digestOid;
        SignatureOid = signatureOid;
        Signature = signature;
    }

    public SignedCms Cms { get; }

    public SignerInfo Signer => Cms.SignerInfos[0];

    public byte[]? SignedAttributes { get; }

    public string DigestOid { get; }

    public string SignatureOid { get; }

    public byte[] Signature { get; }

    /// <summary>Reads the DER (or BER) ContentInfo at the start of <paramref name="contents"/>; trailing zero padding is ignored.</summary>
    /// <exception cref="CryptographicException">Not a SignedData with one signer.</exception>
    public static CmsSignature Read(ReadOnlyMemory<byte> contents)
    {
        try
        {
            AsnDecoder.ReadEncodedValue(contents.Span, AsnEncodingRules.BER, out _, out _, out var consumed);
            var der = contents[..consumed];
            var cms = new SignedCms();
            cms.Decode(der.Span);
            if (cms.SignerInfos.Count != 1)
            {
                throw new CryptographicException($"The CMS has {cms.SignerInfos.Count} signers; a PDF signature has exactly one.");
            }

            var signedData = new AsnReader(der, AsnEncodingRules.BER).ReadSequence();
            signedData.ReadObjectIdentifier();
            var content = signedData.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
            content.ReadInteger();
            content.ReadSetOf();
            content.ReadSequence();
            while (content.HasData && content.PeekTag().TagClass == TagClass.ContextSpecific)
            {
                content.ReadEncodedValue();
            }

            var signerInfo = content.ReadSetOf().ReadSequence();
            signerInfo.ReadInteger();
            signerInfo.ReadEncodedValue();
            var digestOid = signerInfo.ReadSequence().ReadObjectIdentifier();
            byte[]? signedAttributes = null;
            if (signerInfo.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
            {
                // §5.4: the signature is over the attributes with an explicit SET OF tag, not the [0] IMPLICIT one.
                signedAttributes = signerInfo.ReadEncodedValue().ToArray();
                signedAttributes[0] = 0x31;
            }

            var signatureOid = signerInfo.ReadSequence().ReadObjectIdentifier();
            var signature = signerInfo.ReadOctetString();
            return new CmsSignature(cms, signedAttributes, digestOid, signatureOid, signature);
        }
        catch (AsnContentException e)
        {
            throw new CryptographicException($"The signature contents are not a CMS SignedData: {e.Message}", e);
        }
    }

    /// <summary>The message-digest attribute, or null when missing.</summary>
    public byte[]? MessageDigest()
    {
        foreach (var attribute in Signer.SignedAttributes)
        {
            if (attribute.Oid.Value == MessageDigestOid && attribute.Values.Count == 1)
            {
                return new AsnReader(attribute.Values[0].RawData, AsnEncodingRules.BER).ReadOctetString();
            }
        }

        return null;
    }

    /// <summary>Whether the signature value verifies over the signed attributes with <paramref name="certificate"/>.</summary>
    public bool VerifySignature(X509Certificate2 certificate) =>
        SignedAttributes is not null && SignatureAlgorithms.Verify(certificate, SignatureOid, DigestOid, SignedAttributes, Signature);
}
