namespace Hub.Trust.Timestamps;

/// <summary>
/// PKIFailureInfo (RFC 3161 §2.4.2, RFC 4210 §5.2.3) as a named bit list: enum bit n is bit n of the BIT STRING, the
/// mapping <see cref="System.Formats.Asn1.AsnWriter.WriteNamedBitList(Enum, System.Formats.Asn1.Asn1Tag?)"/> uses.
/// </summary>
[Flags]
internal enum PkiFailureInfo
{
    None = 0,
    BadAlg = 1 << 0,
    BadRequest = 1 << 2,
    BadDataFormat = 1 << 5,
    TimeNotAvailable = 1 << 14,
    UnacceptedPolicy = 1 << 15,
    UnacceptedExtension = 1 << 16,
    AddInfoNotAvailable = 1 << 17,
    SystemFailure = 1 << 25,
}
