namespace Hub.Activities.Archive;

/// <summary>How documents are archived (configuration section <c>Archive</c>).</summary>
public sealed class ArchiveOptions
{
    /// <summary>Plaintext bytes per stored segment; the last segment may be shorter. Unset: 1 MiB. At least 1 KiB,
    /// at most 64 MiB.</summary>
    public int SegmentSize { get; init; } = 1024 * 1024;

    /// <summary>How long a document must be kept when the store request gives no retention. Unset: 30 years, the
    /// longest period the PRC Accounting Archives Measures (2015, art. 14) set for vouchers and ledgers.</summary>
    public TimeSpan DefaultRetention { get; init; } = TimeSpan.FromDays(30 * 365.25);

    /// <summary>Largest document accepted, in bytes. Unset: 1 GiB.</summary>
    public long MaxDocumentBytes { get; init; } = 1L << 30;

    internal void Validate()
    {
        if (SegmentSize is < 1024 or > 64 * 1024 * 1024)
        {
            throw new ArgumentException($"Archive:SegmentSize {SegmentSize} is out of range: give 1024 to {64 * 1024 * 1024} bytes.");
        }

        if (DefaultRetention <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Archive:DefaultRetention {DefaultRetention} must be positive.");
        }
    }
}
