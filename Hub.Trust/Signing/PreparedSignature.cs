using System.Security.Cryptography;
using Hub.Trust.Pdf;

namespace Hub.Trust.Signing;

/// <summary>
/// The first signing phase's result: the document with its new revision written out, <c>/ByteRange</c> already
/// patched, and a zero-filled <c>/Contents</c> slot waiting for the signature (ISO 32000-1 §12.8.1).
/// </summary>
internal sealed class PreparedSignature
{
    private readonly Stream _output;
    private readonly IncrementalUpdate _update;
    private readonly PdfPlaceholder _contents;

    private PreparedSignature(Stream output, IncrementalUpdate update, PdfPlaceholder contents, PdfByteRange byteRange)
    {
        _output = output;
        _update = update;
        _contents = contents;
        ByteRange = byteRange;
    }

    /// <summary>The signed bytes: everything but the <c>/Contents</c> hex string, to the end of the file.</summary>
    public PdfByteRange ByteRange { get; }

    /// <summary>How many DER bytes the <c>/Contents</c> slot holds.</summary>
    public int Capacity => _contents.Capacity;

    /// <summary>Writes the update to <paramref name="output"/> and fixes its byte range (§12.8.1: the range must be final before hashing).</summary>
    public static async Task<PreparedSignature> WriteAsync(
        IncrementalPdfWriter writer, Stream output, PdfPlaceholder byteRange, PdfPlaceholder contents, CancellationToken cancellationToken)
    {
        var update = await writer.WriteToAsync(output, cancellationToken).ConfigureAwait(false);
        var range = update.ByteRangeExcluding(contents);
        await update.PatchTextAsync(output, byteRange, range.ToPdfArray(), cancellationToken).ConfigureAwait(false);
        return new PreparedSignature(output, update, contents, range);
    }

    /// <summary>The digest phase: SHA-256 of the byte range, streamed from the output.</summary>
    public async Task<byte[]> DigestAsync(CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await ByteRange.HashAsync(_output, hash, cancellationToken).ConfigureAwait(false);
        return hash.GetHashAndReset();
    }

    /// <summary>The last phase: writes the DER signature into the slot; the rest of the zeros stay as padding.</summary>
    public async Task PatchAsync(byte[] der, CancellationToken cancellationToken)
    {
        await _update.PatchHexStringAsync(_output, _contents, der, cancellationToken).ConfigureAwait(false);
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
