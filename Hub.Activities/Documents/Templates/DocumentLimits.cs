namespace Hub.Activities.Documents.Templates;

/// <summary>Bounds on a .docx the Hub opens and on what a render may produce, so a hostile template or data set
/// cannot exhaust memory (configuration section <c>Documents:Limits</c>).</summary>
public sealed class DocumentLimits
{
    /// <summary>The defaults: 1,000 entries, 64 MiB uncompressed, ratio 100 above 1 MiB, images up to 10 MiB,
    /// 10,000 items per repeat and 100,000 repeated copies per render, nesting 16 deep.</summary>
    public static DocumentLimits Default { get; } = new();

    /// <summary>Most zip entries a package may have; more is refused. Unset: 1,000.</summary>
    public int MaxEntries { get; init; } = 1_000;

    /// <summary>Most bytes all entries may inflate to together, counted while inflating (the sizes a zip
    /// declares are not trusted). Unset: 64 MiB.</summary>
    public long MaxTotalUncompressedBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Highest inflated-to-compressed ratio of one entry once it exceeds
    /// <see cref="RatioCheckThresholdBytes"/>; higher is a zip bomb. Unset: 100.</summary>
    public int MaxCompressionRatio { get; init; } = 100;

    /// <summary>Inflated size in bytes from which <see cref="MaxCompressionRatio"/> applies. Unset: 1 MiB.</summary>
    public long RatioCheckThresholdBytes { get; init; } = 1024 * 1024;

    /// <summary>Largest image in bytes, whether inside the package (<c>word/media</c>) or supplied as data.
    /// Unset: 10 MiB.</summary>
    public long MaxImageBytes { get; init; } = 10L * 1024 * 1024;

    /// <summary>Most items one repeat may iterate over. Unset: 10,000.</summary>
    public int MaxRepeatItems { get; init; } = 10_000;

    /// <summary>Most repeated copies one render may produce over all repeats, nested ones multiplied. Unset: 100,000.</summary>
    public int MaxRepeatedCopies { get; init; } = 100_000;

    /// <summary>Deepest nesting of content controls (repeats in conditions in repeats …). Unset: 16.</summary>
    public int MaxNestingDepth { get; init; } = 16;
}
