using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hub.Activities.Identity.UKey;

/// <summary>
/// A parsed X.509 CRL (RFC 5280 §5.1): issuer, the revoked serials with their dates and reason codes, and the raw
/// signed part, so the signature is checked against the issuing CA before an entry is believed.
/// </summary>
internal sealed class RevocationList
{
    private const string ReasonCodeOid = "2.5.29.21";
    private readonly byte[] _signedPart;
    private readonly string _signatureAlgorithm;
    private readonly byte[] _signature;

    private RevocationList(X500DistinguishedName issuer, IReadOnlyDictionary<string, (DateTimeOffset At, X509RevocationReason Reason)> entries,
        byte[] signedPart, string signatureAlgorithm, byte[] signature)
    {
        Issuer = issuer;
        Entries = entries;
        _signedPart = signedPart;
        _signatureAlgorithm = signatureAlgorithm;
        _signature = signature;
    }

    /// <summary>Who issued the CRL.</summary>
    public X500DistinguishedName Issuer { get; }

    /// <summary>Revoked serial numbers (upper-case hex, no leading zero bytes) with date and reason.</summary>
    public IReadOnlyDictionary<string, (DateTimeOffset At, X509RevocationReason Reason)> Entries { get; }

    /// <summary>Parses a DER CRL.</summary>
    /// <exception cref="CryptographicException">Not a DER CRL.</exception>
    public static RevocationList Parse(byte[] der)
    {
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            var signedPart = outer.ReadEncodedValue().ToArray();
            var algorithm = outer.ReadSequence().ReadObjectIdentifier();
            var signature = outer.ReadBitString(out _);
            var tbs = new AsnReader(signedPart, AsnEncodingRules.DER).ReadSequence();
            if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
            {
                tbs.ReadInteger();
            }

            tbs.ReadSequence();
            var issuer = new X500DistinguishedName(tbs.ReadEncodedValue().Span);
            ReadTime(tbs);
            if (tbs.HasData && IsTime(tbs.PeekTag()))
            {
                ReadTime(tbs);
            }

            var entries = new Dictionary<string, (DateTimeOffset, X509RevocationReason)>(StringComparer.Ordinal);
            if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                var revoked = tbs.ReadSequence();
                while (revoked.HasData)
                {
                    var entry = revoked.ReadSequence();
                    var serial = Convert.ToHexString(entry.ReadIntegerBytes().Span.TrimStart((byte)0));
                    var at = ReadTime(entry);
                    var reason = X509RevocationReason.Unspecified;
                    if (entry.HasData)
                    {
                        var extensions = entry.ReadSequence();
                        while (extensions.HasData)
                        {
                            var extension = extensions.ReadSequence();
                            var oid = extension.ReadObjectIdentifier();
                            if (extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
                            {
                                extension.ReadBoolean();
                            }

                            var value = extension.ReadOctetString();
                            if (oid == ReasonCodeOid)
                            {
                                reason = new AsnReader(value, AsnEncodingRules.DER).ReadEnumeratedValue<X509RevocationReason>();
                            }
                        }
                    }

                    entries[serial] = (at, reason);
                }
            }

            return new RevocationList(issuer, entries, signedPart, algorithm, signature);
        }
        catch (AsnContentException exception)
        {
            throw new CryptographicException("The CRL is not DER (RFC 5280 §5.1).", exception);
        }
    }

    /// <summary>Whether <paramref name="issuer"/> signed this CRL (ECDSA or RSA PKCS#1 v1.5 with SHA-256/384/512).</summary>
    public bool IsSignedBy(X509Certificate2 issuer)
    {
        if (!string.Equals(issuer.SubjectName.Name, Issuer.Name, StringComparison.Ordinal))
        {
            return false;
        }

        var hash = _signatureAlgorithm switch
        {
            "1.2.840.10045.4.3.2" or "1.2.840.113549.1.1.11" => HashAlgorithmName.SHA256,
            "1.2.840.10045.4.3.3" or "1.2.840.113549.1.1.12" => HashAlgorithmName.SHA384,
            "1.2.840.10045.4.3.4" or "1.2.840.113549.1.1.13" => HashAlgorithmName.SHA512,
            _ => default,
        };
        if (hash == default)
        {
            return false;
        }

        using var ecdsa = issuer.GetECDsaPublicKey();
        if (ecdsa is not null)
        {
            return ecdsa.VerifyData(_signedPart, _signature, hash, DSASignatureFormat.Rfc3279DerSequence);
        }

        using var rsa = issuer.GetRSAPublicKey();
        return rsa is not null && rsa.VerifyData(_signedPart, _signature, hash, RSASignaturePadding.Pkcs1);
    }

    /// <summary>The revocation of <paramref name="certificate"/> in this list, or null.</summary>
    public (DateTimeOffset At, X509RevocationReason Reason)? Find(X509Certificate2 certificate) =>
        Entries.TryGetValue(Convert.ToHexString(certificate.SerialNumberBytes.Span.TrimStart((byte)0)), out var entry) ? entry : null;

    private static bool IsTime(Asn1Tag tag) => tag.HasSameClassAndValue(Asn1Tag.UtcTime) || tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime);

    private static DateTimeOffset ReadTime(AsnReader reader) =>
        reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();
}
