namespace Hub.Trust.Pdf;

/// <summary>Where a <see cref="PdfPlaceholder"/> landed in the output: absolute offset and width, delimiters included.</summary>
/// <param name="Offset">Absolute byte offset of the placeholder's first byte (the <c>&lt;</c> of a hex string).</param>
/// <param name="Length">Bytes the placeholder occupies.</param>
internal readonly record struct PdfPlaceholderLocation(long Offset, int Length)
{
    /// <summary>The offset just after the placeholder's last byte.</summary>
    public long End => Offset + Length;
}
