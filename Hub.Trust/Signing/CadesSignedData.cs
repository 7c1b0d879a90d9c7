using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hub.Trust.Cms;

namespace Hub.Trust.Signing;

/// <summary>
/// Builds the CMS SignedData of an <c>ETSI.CAdES.detached</c> PDF signature (RFC 5652 §5, ETSI EN 319 122-1 §5)
/// directly with <see cref="AsnWriter"/>: SignedCms would need the signed bytes in memory to compute message-digest,
/// while the signer streams them. Signed attributes are exactly content-type, message-digest,
/// signing-certificate-v2 and the caller's extras; no signing-time (EN 319 142-1 §6.3: the time is <c>/M</c>).
/// </summary>
internal sealed class CadesSignedData
{
    private const string IdData = "1.2.840.113549.1.7.1";
    private const string ContentTypeOid = "1.2.840.113549.1.9.3";
    private const string MessageDigestOid = "1.2.840.113549.1.9.4";
    private const string SigningTimeOid = "1.2.840.113549.1.9.5";
    private const string SignatureTimeStampOid = "1.2.840.113549.1.9.16.2.14";
    private const string Sha256WithRsa = "1.2.840.113549.1.1.11";
    private const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";

    private readonly X509Certificate2 _certificate;
    private readonly IReadOnlyList<X509Certificate2> _chain;
    private readonly byte[] _signedAttributes;

    private CadesSignedData(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> chain, byte[] signedAttributes, byte[] signature)
    {
        _certificate = certificate;
        _chain = chain;
        _signedAttributes = signedAttributes;
        Signature = signature;
    }

    /// <summary>The signature value (SignerInfo.signature), which a signature-time-stamp covers (RFC 3161 App. A).</summary>
    public byte[] Signature { get; }

    /// <summary>OIDs a caller may not give as extra signed attributes, because the signer owns them or EN 319 142-1 forbids them.</summary>
    public static IReadOnlySet<string> ReservedAttributes { get; } =
        new HashSet<string>(StringComparer.Ordinal) { ContentTypeOid, MessageDigestOid, SigningTimeOid, CmsOids.SigningCertificateV2, CmsOids.SigningCertificate };

    /// <summary>Signs <paramref name="digest"/> (SHA-256 of the byte range) with <paramref name="key"/> (RSA or ECDSA).</summary>
    public static CadesSignedData Sign(
        ReadOnlySpan<byte> digest, X509Certificate2 certificate, AsymmetricAlgorithm key, IReadOnlyList<X509Certificate2> chain, IReadOnlyList<AsnEncodedData> extraAttributes)
    {
        var attributes = EncodeSignedAttributes(digest, certificate, extraAttributes);
        var signature = key switch
        {
            RSA rsa => rsa.SignData(attributes, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            ECDsa ecdsa => ecdsa.SignData(attributes, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence),
            _ => throw new ArgumentException($"Seal keys must be RSA or ECDSA; {key.GetType().Name} is not supported.", nameof(key)),
        };
        return new CadesSignedData(certificate, chain, attributes, signature);
    }

    /// <summary>The DER ContentInfo, with the time-stamp token as signature-time-stamp attribute when one is given.</summary>
    public byte[] Encode(byte[]? signatureTimeStampToken)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(CmsOids.SignedData);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0)))
            using (writer.PushSequence())
            {
                writer.WriteInteger(1);
                using (writer.PushSetOf())
                {
                    WriteAlgorithm(writer, CmsOids.Sha256, nullParameters: false);
                }

                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(IdData);
                }

                using (writer.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 0)))
                {
                    writer.WriteEncodedValue(_certificate.RawData);
                    foreach (var certificate in _chain.Where(c => !c.RawData.AsSpan().SequenceEqual(_certificate.RawData)))
                    {
                        writer.WriteEncodedValue(certificate.RawData);
                    }
                }

                using (writer.PushSetOf())
                {
                    WriteSignerInfo(writer, signatureTimeStampToken);
                }
            }
        }

        return writer.Encode();
    }

    private void WriteSignerInfo(AsnWriter writer, byte[]? token)
    {
        using (writer.PushSequence())
        {
            writer.WriteInteger(1);
            using (writer.PushSequence())
            {
                writer.WriteEncodedValue(_certificate.IssuerName.RawData);
                writer.WriteInteger(_certificate.SerialNumberBytes.Span);
            }

            WriteAlgorithm(writer, CmsOids.Sha256, nullParameters: false);

            // signedAttrs is [0] IMPLICIT SET OF: the same content as the signed SET, re-tagged (RFC 5652 §5.4).
            var reader = new AsnReader(_signedAttributes, AsnEncodingRules.DER);
            var contents = reader.ReadEncodedValue();
            var tagged = contents.ToArray();
            tagged[0] = 0xA0;
            writer.WriteEncodedValue(tagged);

            var rsa = _certificate.GetKeyAlgorithm() == "1.2.840.113549.1.1.1";
            WriteAlgorithm(writer, rsa ? Sha256WithRsa : EcdsaWithSha256, nullParameters: rsa);
            writer.WriteOctetString(Signature);
            if (token is not null)
            {
                using (writer.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 1)))
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(SignatureTimeStampOid);
                    using (writer.PushSetOf())
                    {
                        writer.WriteEncodedValue(token);
                    }
                }
            }
        }
    }

    private static byte[] EncodeSignedAttributes(ReadOnlySpan<byte> digest, X509Certificate2 certificate, IReadOnlyList<AsnEncodedData> extras)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);

        // DER sorts SET OF by encoding (X.690 §11.6); PushSetOf does this on pop.
        using (writer.PushSetOf())
        {
            WriteAttribute(writer, ContentTypeOid, w => w.WriteObjectIdentifier(IdData));
            var value = digest.ToArray();
            WriteAttribute(writer, MessageDigestOid, w => w.WriteOctetString(value));
            var signingCertificate = SigningCertificateV2.Create(certificate, HashAlgorithmName.SHA256).RawData;
            WriteAttribute(writer, CmsOids.SigningCertificateV2, w => w.WriteEncodedValue(signingCertificate));
            foreach (var extra in extras)
            {
                var raw = extra.RawData;
                WriteAttribute(writer, extra.Oid!.Value!, w => w.WriteEncodedValue(raw));
            }
        }

        return writer.Encode();
    }

    private static void WriteAttribute(AsnWriter writer, string oid, Action<AsnWriter> value)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            using (writer.PushSetOf())
            {
                value(writer);
            }
        }
    }

    private static void WriteAlgorithm(AsnWriter writer, string oid, bool nullParameters)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            if (nullParameters)
            {
                writer.WriteNull();
            }
        }
    }
}
