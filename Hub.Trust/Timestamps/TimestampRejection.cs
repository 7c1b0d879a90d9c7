namespace Hub.Trust.Timestamps;

/// <summary>Why the TSA refuses a request; becomes a TimeStampResp with status rejection, never escapes <see cref="TimestampAuthority"/>.</summary>
internal sealed class TimestampRejection(PkiFailureInfo failInfo, string message) : Exception(message)
{
    public PkiFailureInfo FailInfo { get; } = failInfo;
}
