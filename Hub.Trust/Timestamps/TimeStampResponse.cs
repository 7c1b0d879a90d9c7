using System.Formats.Asn1;

namespace Hub.Trust.Timestamps;

/// <summary>
/// TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken TimeStampToken OPTIONAL } (RFC 3161 §2.4.2), where
/// PKIStatusInfo ::= SEQUENCE { status PKIStatus, statusString PKIFreeText OPTIONAL, failInfo PKIFailureInfo OPTIONAL }.
/// </summary>
internal sealed record TimeStampResponse(PkiStatus Status, string? StatusText, PkiFailureInfo FailInfo, ReadOnlyMemory<byte>? Token)
{
    public static byte[] EncodeGranted(ReadOnlySpan<byte> token)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteInteger((int)PkiStatus.Granted);
            }

            writer.WriteEncodedValue(token);
        }

        return writer.Encode();
    }

    public static byte[] EncodeRejection(PkiFailureInfo failInfo, string text)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteInteger((int)PkiStatus.Rejection);
                using (writer.PushSequence())
                {
                    writer.WriteCharacterString(UniversalTagNumber.UTF8String, text);
                }

                writer.WriteNamedBitList(failInfo);
            }
        }

        return writer.Encode();
    }

    /// <exception cref="AsnContentException">The bytes are not a DER TimeStampResp.</exception>
    public static TimeStampResponse Decode(ReadOnlyMemory<byte> encoded)
    {
        var outer = new AsnReader(encoded, AsnEncodingRules.DER);
        var response = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        var statusInfo = response.ReadSequence();
        if (!statusInfo.TryReadInt32(out var status))
        {
            throw new AsnContentException("PKIStatus is out of range.");
        }

        string? text = null;
        if (statusInfo.HasData && statusInfo.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var freeText = statusInfo.ReadSequence();
            var parts = new List<string>();
            while (freeText.HasData)
            {
                parts.Add(freeText.ReadCharacterString(UniversalTagNumber.UTF8String));
            }

            text = string.Join(" ", parts);
        }

        var failInfo = PkiFailureInfo.None;
        if (statusInfo.HasData)
        {
            var bits = statusInfo.ReadBitString(out _);
            for (var bit = 0; bit < bits.Length * 8 && bit < 31; bit++)
            {
                if ((bits[bit / 8] & (0x80 >> (bit % 8))) != 0)
                {
                    failInfo |= (PkiFailureInfo)(1 << bit);
                }
            }
        }

        statusInfo.ThrowIfNotEmpty();
        ReadOnlyMemory<byte>? token = response.HasData ? response.ReadEncodedValue() : (ReadOnlyMemory<byte>?)null;
        response.ThrowIfNotEmpty();
        return new TimeStampResponse((PkiStatus)status, text, failInfo, token);
    }
}
