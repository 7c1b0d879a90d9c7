using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hub.Trust.Verification;

/// <summary>
/// A parsed X.509 CRL (RFC 5280 §5.1): issuer, revoked serials with their dates and reason codes (§5.3.1), and the
/// signed part, so its signature can be checked against the issuer before any entry is believed.
/// </summary>
public sealed class CertificateRevocationList
{
    private const string ReasonCodeOid = "2.5.29.21";
    private readonly byte[] _tbs;
    private readonly string _algorithm;
    private readonly byte[] _signature;
    private readonly Dictionary<BigInteger, (DateTimeOffset At, X509RevocationReason Reason)> _revoked;

    private CertificateRevocationList(byte[] issuer, byte[] tbs, string algorithm, byte[] signature,
        Dictionary<BigInteger, (DateTimeOffset At, X509RevocationReason Reason)> revoked)
    {
        Issuer = issuer;
        _tbs = tbs;
        _algorithm = algorithm;
        _signature = signature;
        _revoked = revoked;
    }

    /// <summary>The DER issuer Name.</summary>
    internal byte[] Issuer { get; }

    /// <summary>Parses a DER CRL; null when it is not one.</summary>
    public static CertificateRevocationList? TryParse(ReadOnlyMemory<byte> der)
    {
        try
        {
            var list = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            var tbs = list.ReadEncodedValue().ToArray();
            var algorithm = list.ReadSequence().ReadObjectIdentifier();
            var signature = list.ReadBitString(out _);

            var fields = new AsnReader(tbs, AsnEncodingRules.DER).ReadSequence();
            if (fields.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
            {
                fields.ReadInteger();
            }

            fields.ReadSequence();
            var issuer = fields.ReadEncodedValue().ToArray();
            ReadTime(fields);
            if (fields.HasData && IsTime(fields.PeekTag()))
            {
                ReadTime(fields);
            }

            var revoked = new Dictionary<BigInteger, (DateTimeOffset At, X509RevocationReason Reason)>();
            if (fields.HasData && fields.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                var entries = fields.ReadSequence();
                while (entries.HasData)
                {
                    var entry = entries.ReadSequence();
                    var serial = entry.ReadInteger();
                    revoked[serial] = (ReadTime(entry), entry.HasData ? ReasonOf(entry.ReadSequence()) : X509RevocationReason.Unspecified);
                }
            }

            return new CertificateRevocationList(issuer, tbs, algorithm, signature, revoked);
        }
        catch (AsnContentException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="issuer"/> signed this CRL.</summary>
    public bool IsSignedBy(X509Certificate2 issuer) =>
        issuer.SubjectName.RawData.AsSpan().SequenceEqual(Issuer) && SignatureAlgorithms.Verify(issuer, _algorithm, null, _tbs, _signature);

    /// <summary>When <paramref name="certificate"/> was revoked, or null when this CRL does not list it.</summary>
    public DateTimeOffset? RevocationOf(X509Certificate2 certificate) => EntryOf(certificate)?.At;

    /// <summary>When and why <paramref name="certificate"/> was revoked (Unspecified when the entry names no reason),
    /// or null when this CRL does not list it.</summary>
    public (DateTimeOffset At, X509RevocationReason Reason)? EntryOf(X509Certificate2 certificate) =>
        certificate.IssuerName.RawData.AsSpan().SequenceEqual(Issuer)
        && _revoked.TryGetValue(new BigInteger(certificate.SerialNumberBytes.Span, isUnsigned: false, isBigEndian: true), out var entry)
            ? entry
            : null;

    /// <summary>The reasonCode among an entry's extensions (RFC 5280 §5.3.1: an ENUMERATED inside the OCTET STRING).</summary>
    private static X509RevocationReason ReasonOf(AsnReader extensions)
    {
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
                return new AsnReader(value, AsnEncodingRules.DER).ReadEnumeratedValue<X509RevocationReason>();
            }
        }

        return X509RevocationReason.Unspecified;
    }

    private static bool IsTime(Asn1Tag tag) => tag.HasSameClassAndValue(Asn1Tag.UtcTime) || tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime);

    private static DateTimeOffset ReadTime(AsnReader reader) =>
        reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();
}
