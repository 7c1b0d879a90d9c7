using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hub.Trust.Cms;

/// <summary>
/// The ESS signing-certificate-v2 signed attribute (RFC 5035 §3, required for RFC 3161 tokens by RFC 5816 and for PAdES
/// baseline signatures by ETSI EN 319 122-1 §5.2.2). It binds the signature to one certificate by hash and issuer/serial,
/// so a signer certificate cannot be swapped for another with the same key.
/// </summary>
internal static class SigningCertificateV2
{
    /// <summary>Encodes the attribute value for <paramref name="certificate"/>.</summary>
    /// <remarks>
    /// SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies ... OPTIONAL }
    /// ESSCertIDv2 ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier DEFAULT {id-sha256}, certHash OCTET STRING, issuerSerial IssuerSerial OPTIONAL }
    /// IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber }.
    /// DER forbids encoding a DEFAULT value (X.690 §11.5), so SHA-256 leaves hashAlgorithm out.
    /// </remarks>
    public static AsnEncodedData Create(X509Certificate2 certificate, HashAlgorithmName hashAlgorithm)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    if (hashAlgorithm != HashAlgorithmName.SHA256)
                    {
                        using (writer.PushSequence())
                        {
                            writer.WriteObjectIdentifier(HashOid(hashAlgorithm));
                        }
                    }

                    writer.WriteOctetString(Hash(certificate.RawData, hashAlgorithm));
                    WriteIssuerSerial(writer, certificate);
                }
            }
        }

        return new AsnEncodedData(CmsOids.SigningCertificateV2, writer.Encode());
    }

    /// <summary>
    /// Whether the first ESSCertIDv2 of an encoded attribute value names <paramref name="certificate"/>: its hash matches
    /// and, when present, its issuer and serial number too (RFC 5035 §3: the first certificate identifies the signer).
    /// </summary>
    /// <exception cref="CryptographicException">The value is not a DER SigningCertificateV2.</exception>
    public static bool Identifies(ReadOnlyMemory<byte> attributeValue, X509Certificate2 certificate)
    {
        try
        {
            var reader = new AsnReader(attributeValue, AsnEncodingRules.DER);
            var certs = reader.ReadSequence().ReadSequence();
            var essCertId = certs.ReadSequence();
            var hashOid = CmsOids.Sha256;
            if (essCertId.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                hashOid = essCertId.ReadSequence().ReadObjectIdentifier();
            }

            var certHash = essCertId.ReadOctetString();
            if (!Hash(certificate.RawData, HashName(hashOid)).AsSpan().SequenceEqual(certHash))
            {
                return false;
            }

            if (!essCertId.HasData)
            {
                return true;
            }

            var expected = new AsnWriter(AsnEncodingRules.DER);
            WriteIssuerSerial(expected, certificate);
            return essCertId.ReadEncodedValue().Span.SequenceEqual(expected.Encode());
        }
        catch (AsnContentException e)
        {
            throw new CryptographicException("The signing-certificate-v2 attribute is not valid DER.", e);
        }
    }

    private static void WriteIssuerSerial(AsnWriter writer, X509Certificate2 certificate)
    {
        using (writer.PushSequence())
        {
            // GeneralNames ::= SEQUENCE OF GeneralName; directoryName [4] Name, explicitly tagged since Name is a CHOICE.
            using (writer.PushSequence())
            {
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true)))
                {
                    writer.WriteEncodedValue(certificate.IssuerName.RawData);
                }
            }

            // SerialNumberBytes is the big-endian two's complement content of the certificate's INTEGER.
            writer.WriteInteger(certificate.SerialNumberBytes.Span);
        }
    }

    private static byte[] Hash(byte[] data, HashAlgorithmName hashAlgorithm) => hashAlgorithm.Name switch
    {
        "SHA256" => SHA256.HashData(data),
        "SHA384" => SHA384.HashData(data),
        "SHA512" => SHA512.HashData(data),
        "SHA1" => SHA1.HashData(data),
        _ => throw new CryptographicException($"Hash algorithm {hashAlgorithm.Name} is not supported for signing-certificate-v2."),
    };

    private static string HashOid(HashAlgorithmName hashAlgorithm) => hashAlgorithm.Name switch
    {
        "SHA256" => CmsOids.Sha256,
        "SHA384" => CmsOids.Sha384,
        "SHA512" => CmsOids.Sha512,
        _ => throw new CryptographicException($"Hash algorithm {hashAlgorithm.Name} is not supported for signing-certificate-v2."),
    };

    private static HashAlgorithmName HashName(string oid) => oid switch
    {
        CmsOids.Sha256 => HashAlgorithmName.SHA256,
        CmsOids.Sha384 => HashAlgorithmName.SHA384,
        CmsOids.Sha512 => HashAlgorithmName.SHA512,
        CmsOids.Sha1 => HashAlgorithmName.SHA1,
        _ => throw new CryptographicException($"Hash algorithm {oid} in signing-certificate-v2 is not supported."),
    };
}
