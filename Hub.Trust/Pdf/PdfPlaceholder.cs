namespace Hub.Trust.Pdf;

/// <summary>
/// A value of fixed width reserved in an incremental update, to be patched once the output's other bytes are final
/// (the signer's <c>/Contents</c> and <c>/ByteRange</c>, ISO 32000-1 §12.8.1). Put it as a dictionary or array value,
/// write the update with <see cref="IncrementalPdfWriter"/>, then find where it landed with
/// <see cref="IncrementalUpdate.LocationOf"/> and fill it with <see cref="IncrementalUpdate.PatchHexStringAsync"/> or
/// <see cref="IncrementalUpdate.PatchTextAsync"/>. A placeholder may be written only once.
/// </summary>
internal sealed class PdfPlaceholder : PdfObject
{
    private PdfPlaceholder(PdfPlaceholderKind kind, int width)
    {
        Kind = kind;
        Width = width;
    }

    /// <summary>What the placeholder holds.</summary>
    public PdfPlaceholderKind Kind { get; }

    /// <summary>The number of bytes the placeholder occupies in the output, delimiters included.</summary>
    public int Width { get; }

    /// <summary>How many bytes a patch may hold: value bytes for a hex string, ASCII characters for text.</summary>
    public int Capacity => Kind == PdfPlaceholderKind.HexString ? (Width - 2) / 2 : Width;

    /// <summary>
    /// Reserves a hexadecimal string able to hold <paramref name="capacity"/> bytes: <c>&lt;</c>, 2×capacity zeros,
    /// <c>&gt;</c>. Patching writes the value's hex digits and keeps the trailing zeros as padding.
    /// </summary>
    public static PdfPlaceholder HexString(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 64 * 1024 * 1024);
        return new PdfPlaceholder(PdfPlaceholderKind.HexString, (2 * capacity) + 2);
    }

    /// <summary>
    /// Reserves <paramref name="width"/> bytes of PDF syntax, initially an empty array <c>[]</c> padded with spaces so
    /// the output stays parseable; patching writes ASCII text (e.g. <c>[0 1234 5678 90]</c>) padded with spaces.
    /// </summary>
    public static PdfPlaceholder Text(int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, 1024 * 1024);
        return new PdfPlaceholder(PdfPlaceholderKind.Text, width);
    }

    internal override void WriteTo(PdfSyntaxWriter writer) => writer.WritePlaceholder(this);
}
