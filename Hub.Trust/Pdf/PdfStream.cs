namespace Hub.Trust.Pdf;

/// <summary>
/// A PDF stream (ISO 32000-1 §7.3.8): a dictionary and its encoded bytes. Decode it with
/// <see cref="PdfReader.DecodeStream(PdfStream)"/>; when written, <c>/Length</c> is set from <see cref="EncodedData"/>.
/// </summary>
internal sealed class PdfStream : PdfObject
{
    /// <summary>Creates a stream from its dictionary and already encoded bytes (as its <c>/Filter</c> says).</summary>
    public PdfStream(PdfDictionary dictionary, ReadOnlyMemory<byte> encodedData)
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        Dictionary = dictionary;
        EncodedData = encodedData;
    }

    /// <summary>The stream dictionary.</summary>
    public PdfDictionary Dictionary { get; }

    /// <summary>The bytes between <c>stream</c> and <c>endstream</c>, still encoded.</summary>
    public ReadOnlyMemory<byte> EncodedData { get; }

    internal override void WriteTo(PdfSyntaxWriter writer)
    {
        var dictionary = Dictionary.Clone().Set("Length", new PdfInteger(EncodedData.Length));
        dictionary.WriteTo(writer);

        // §7.3.8.1: the keyword is followed by an end-of-line, and endstream is preceded by one.
        writer.WriteRaw("\nstream\n"u8);
        writer.WriteRaw(EncodedData.Span);
        writer.WriteRaw("\nendstream"u8);
    }
}
