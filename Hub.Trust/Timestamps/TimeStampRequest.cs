using System.Formats.Asn1;

namespace Hub.Trust.Timestamps;

/// <summary>A decoded TimeStampReq (RFC 3161 §2.4.1).</summary>
internal sealed class TimeStampRequest
{
    public required string HashAlgorithm { get; init; }

    public required ReadOnlyMemory<byte> HashedMessage { get; init; }

    public string? RequestedPolicy { get; init; }

    /// <summary>The nonce INTEGER's content octets, echoed unchanged into TSTInfo.</summary>
    public ReadOnlyMemory<byte>? Nonce { get; init; }

    public bool CertReq { get; init; }

    public bool HasExtensions { get; init; }

    /// <summary>
    /// TimeStampReq ::= SEQUENCE { version INTEGER { v1(1) }, messageImprint MessageImprint, reqPolicy TSAPolicyId OPTIONAL,
    /// nonce INTEGER OPTIONAL, certReq BOOLEAN DEFAULT FALSE, extensions [0] IMPLICIT Extensions OPTIONAL }.
    /// </summary>
    /// <exception cref="TimestampRejection">badDataFormat: not DER, wrong version, or trailing data.</exception>
    public static TimeStampRequest Parse(ReadOnlyMemory<byte> encoded)
    {
        try
        {
            var outer = new AsnReader(encoded, AsnEncodingRules.DER);
            var request = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            if (!request.TryReadInt32(out var version) || version != 1)
            {
                throw new TimestampRejection(PkiFailureInfo.BadDataFormat, "TimeStampReq version must be 1.");
            }

            var imprint = request.ReadSequence();
            var algorithm = imprint.ReadSequence();
            var hashAlgorithm = algorithm.ReadObjectIdentifier();
            if (algorithm.HasData)
            {
                // Parameters of a hash AlgorithmIdentifier are absent or NULL (RFC 5754 §2).
                algorithm.ReadNull();
            }

            algorithm.ThrowIfNotEmpty();
            var hashedMessage = imprint.ReadOctetString();
            imprint.ThrowIfNotEmpty();

            string? policy = null;
            ReadOnlyMemory<byte>? nonce = null;
            var certReq = false;
            var hasExtensions = false;
            if (request.HasData && request.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
            {
                policy = request.ReadObjectIdentifier();
            }

            if (request.HasData && request.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
            {
                nonce = request.ReadIntegerBytes().ToArray();
            }

            if (request.HasData && request.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
            {
                certReq = request.ReadBoolean();
            }

            var extensionsTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
            if (request.HasData && request.PeekTag() == extensionsTag)
            {
                request.ReadSequence(extensionsTag);
                hasExtensions = true;
            }

            request.ThrowIfNotEmpty();
            return new TimeStampRequest
            {
                HashAlgorithm = hashAlgorithm,
                HashedMessage = hashedMessage,
                RequestedPolicy = policy,
                Nonce = nonce,
                CertReq = certReq,
                HasExtensions = hasExtensions,
            };
        }
        catch (AsnContentException e)
        {
            throw new TimestampRejection(PkiFailureInfo.BadDataFormat, $"The request is not a DER TimeStampReq: {e.Message}");
        }
    }
}
