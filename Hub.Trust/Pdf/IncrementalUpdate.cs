using System.Text;

namespace Hub.Trust.Pdf;

/// <summary>
/// The result of <see cref="IncrementalPdfWriter.WriteToAsync"/>: the output's length, where the update starts, and
/// where each placeholder landed, with the operations to fill placeholders in once the rest of the bytes are final.
/// The intended sequence (the signer's): write → <see cref="ByteRangeExcluding"/> → patch the range text →
/// <see cref="PdfByteRange.HashAsync"/> → patch the hex string.
/// </summary>
internal sealed class IncrementalUpdate
{
    private readonly Dictionary<PdfPlaceholder, PdfPlaceholderLocation> _locations;

    internal IncrementalUpdate(long updateOffset, long crossReferenceOffset, long length, Dictionary<PdfPlaceholder, PdfPlaceholderLocation> locations)
    {
        UpdateOffset = updateOffset;
        CrossReferenceOffset = crossReferenceOffset;
        Length = length;
        _locations = locations;
    }

    /// <summary>Offset where the appended bytes start: the original file's length.</summary>
    public long UpdateOffset { get; }

    /// <summary>Offset of the new cross-reference section (the new <c>startxref</c> value).</summary>
    public long CrossReferenceOffset { get; }

    /// <summary>Total length of the output.</summary>
    public long Length { get; }

    /// <summary>Where <paramref name="placeholder"/> landed in the output.</summary>
    /// <exception cref="ArgumentException">The placeholder was not part of this update.</exception>
    public PdfPlaceholderLocation LocationOf(PdfPlaceholder placeholder)
    {
        ArgumentNullException.ThrowIfNull(placeholder);
        return _locations.TryGetValue(placeholder, out var location)
            ? location
            : throw new ArgumentException("The placeholder was not written in this update.", nameof(placeholder));
    }

    /// <summary>The output minus <paramref name="placeholder"/>: <c>[0, start)</c> and <c>[end, Length)</c>.</summary>
    public PdfByteRange ByteRangeExcluding(PdfPlaceholder placeholder)
    {
        var location = LocationOf(placeholder);
        return new PdfByteRange(0, location.Offset, location.End, Length - location.End);
    }

    /// <summary>
    /// Writes <paramref name="value"/> as hex digits into a <see cref="PdfPlaceholderKind.HexString"/> placeholder of
    /// <paramref name="output"/> (seekable); the remaining zeros stay as padding.
    /// </summary>
    /// <exception cref="ArgumentException">The placeholder is not a hex string, or <paramref name="value"/> exceeds its capacity.</exception>
    public async Task PatchHexStringAsync(Stream output, PdfPlaceholder placeholder, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var location = LocationOf(placeholder);
        if (placeholder.Kind != PdfPlaceholderKind.HexString)
        {
            throw new ArgumentException("The placeholder is not a hex string placeholder.", nameof(placeholder));
        }

        if (value.Length > placeholder.Capacity)
        {
            throw new ArgumentException(
                $"The value needs {value.Length} bytes but the placeholder holds {placeholder.Capacity}; write the update again with a larger placeholder.",
                nameof(value));
        }

        var hex = Encoding.ASCII.GetBytes(Convert.ToHexString(value.Span));
        output.Seek(location.Offset + 1, SeekOrigin.Begin);
        await output.WriteAsync(hex, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes ASCII <paramref name="text"/> (PDF syntax such as <see cref="PdfByteRange.ToPdfArray"/>) into a
    /// <see cref="PdfPlaceholderKind.Text"/> placeholder of <paramref name="output"/> (seekable), padded with spaces.
    /// </summary>
    /// <exception cref="ArgumentException">The placeholder is not a text placeholder, or the text is not ASCII or too long.</exception>
    public async Task PatchTextAsync(Stream output, PdfPlaceholder placeholder, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(text);
        var location = LocationOf(placeholder);
        if (placeholder.Kind != PdfPlaceholderKind.Text)
        {
            throw new ArgumentException("The placeholder is not a text placeholder.", nameof(placeholder));
        }

        if (!Ascii.IsValid(text) || text.Length > placeholder.Capacity)
        {
            throw new ArgumentException(
                $"The text must be ASCII of at most {placeholder.Capacity} characters; it has {text.Length}.", nameof(text));
        }

        var bytes = Encoding.ASCII.GetBytes(text.PadRight(placeholder.Width));
        output.Seek(location.Offset, SeekOrigin.Begin);
        await output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }
}
