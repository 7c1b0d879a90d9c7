namespace Hub.Trust.Pdf;

/// <summary>
/// Limits that keep reading hostile files bounded in time and memory. Every limit that is hit refuses the file with a
/// <see cref="PdfFormatException"/> naming the limit.
/// </summary>
internal sealed class PdfReaderOptions
{
    /// <summary>The defaults, generous for real documents.</summary>
    public static PdfReaderOptions Default { get; } = new();

    /// <summary>Deepest nesting of arrays and dictionaries inside one object. Unset: 256.</summary>
    public int MaxNestingDepth { get; init; } = 256;

    /// <summary>Highest object count accepted (xref /Size, object-stream /N, pages, form fields). Unset: 1,000,000.</summary>
    public int MaxObjects { get; init; } = 1_000_000;

    /// <summary>Most bytes one stream may decode to. Unset: 64 MiB.</summary>
    public int MaxDecodedStreamBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Most bytes all streams decoded by one reader may add up to. Unset: 512 MiB.</summary>
    public long MaxTotalDecodedBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>Most cross-reference sections followed through /Prev and /XRefStm. Unset: 4,096.</summary>
    public int MaxCrossReferenceSections { get; init; } = 4096;
}
