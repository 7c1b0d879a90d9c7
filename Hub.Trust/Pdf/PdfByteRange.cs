using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;

namespace Hub.Trust.Pdf;

/// <summary>
/// Two byte ranges of a file that together cover everything except one placeholder: the shape of a signature's
/// <c>/ByteRange</c> (ISO 32000-1 §12.8.1), though nothing here knows about signatures.
/// </summary>
/// <param name="FirstOffset">Start of the first range (0 for a range that starts the file).</param>
/// <param name="FirstLength">Length of the first range.</param>
/// <param name="SecondOffset">Start of the second range (just after the placeholder).</param>
/// <param name="SecondLength">Length of the second range (to the end of the file).</param>
internal readonly record struct PdfByteRange(long FirstOffset, long FirstLength, long SecondOffset, long SecondLength)
{
    /// <summary>The ranges as a PDF array, e.g. <c>[0 1234 5678 90]</c>.</summary>
    public string ToPdfArray() => string.Create(CultureInfo.InvariantCulture, $"[{FirstOffset} {FirstLength} {SecondOffset} {SecondLength}]");

    /// <summary>
    /// Feeds the bytes of both ranges, read from <paramref name="source"/> (seekable), into <paramref name="hash"/>,
    /// through a pooled buffer so that large files are never held whole.
    /// </summary>
    public async Task HashAsync(Stream source, IncrementalHash hash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(hash);
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            await AppendAsync(source, hash, FirstOffset, FirstLength, buffer, cancellationToken).ConfigureAwait(false);
            await AppendAsync(source, hash, SecondOffset, SecondLength, buffer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task AppendAsync(Stream source, IncrementalHash hash, long offset, long length, byte[] buffer, CancellationToken cancellationToken)
    {
        source.Seek(offset, SeekOrigin.Begin);
        while (length > 0)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException($"The stream ends {length} bytes before the end of the byte range at {offset}.");
            }

            hash.AppendData(buffer, 0, read);
            length -= read;
        }
    }
}
