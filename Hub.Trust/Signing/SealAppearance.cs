using Hub.Trust.Pdf;

namespace Hub.Trust.Signing;

/// <summary>
/// The visible appearance of a seal, independent of where it is placed: a Form XObject (ISO 32000-1 §8.10) whose
/// bounding box is <c>[0 0 Width Height]</c>. The signer scales it into the widget rectangle chosen by placement and,
/// for the paging seal, clips it into vertical strips itself.
/// </summary>
/// <remarks>
/// <see cref="Resources"/> may hold fonts, images and other XObjects as direct <see cref="PdfStream"/> values (nested
/// in dictionaries and arrays at any depth); the signer writes every such stream as a new indirect object in the
/// incremental update. Indirect references are refused, since they would point into some other document.
/// </remarks>
public sealed class SealAppearance
{
    private byte[]? _compressed;

    /// <summary>Creates an appearance.</summary>
    /// <param name="width">Width of the bounding box in points (1/72 inch); positive and finite.</param>
    /// <param name="height">Height of the bounding box in points; positive and finite.</param>
    /// <param name="content">The decoded (unfiltered) content stream of the form, drawing within <c>[0 0 width height]</c>.</param>
    /// <param name="resources">The form's <c>/Resources</c> dictionary, naming every font and XObject the content uses.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is not positive and finite.</exception>
    /// <exception cref="ArgumentException">The content is empty or the resources contain an indirect reference.</exception>
    internal SealAppearance(double width, double height, ReadOnlyMemory<byte> content, PdfDictionary resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        if (!double.IsFinite(width) || width <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "The appearance width must be a positive number of points.");
        }

        if (!double.IsFinite(height) || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(height), height, "The appearance height must be a positive number of points.");
        }

        if (content.IsEmpty)
        {
            throw new ArgumentException("The appearance content stream is empty.", nameof(content));
        }

        if (ContainsReference(resources, 0))
        {
            throw new ArgumentException("The appearance resources contain an indirect reference; give fonts and images as direct streams.", nameof(resources));
        }

        Width = width;
        Height = height;

        // Copied, so the content cannot change under the compressed form cached below.
        Content = content.ToArray();
        Resources = resources;
    }

    /// <summary>Width of the bounding box in points.</summary>
    public double Width { get; }

    /// <summary>Height of the bounding box in points.</summary>
    public double Height { get; }

    /// <summary>The decoded content stream of the form (a copy of what was given).</summary>
    internal ReadOnlyMemory<byte> Content { get; }

    /// <summary>
    /// The content Flate-compressed at the smallest size, made on first use and kept: compressing a seal's glyph
    /// outlines costs several milliseconds, more than the signature itself (bench/RESULTS.md), and an appearance is
    /// typically reused for every seal of one company seal. Races only compute the same bytes twice.
    /// </summary>
    internal byte[] CompressedContent => _compressed ??= Flate(Content.Span);

    /// <summary>The form's resources; direct streams inside become new indirect objects when signed.</summary>
    internal PdfDictionary Resources { get; }

    internal static byte[] Flate(ReadOnlySpan<byte> data)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return compressed.ToArray();
    }

    private static bool ContainsReference(PdfObject value, int depth)
    {
        // Depth bound so a cyclic structure built by a caller cannot overflow the stack.
        if (depth > 32)
        {
            throw new ArgumentException("The appearance resources nest deeper than 32 levels.", "resources");
        }

        return value switch
        {
            PdfReference => true,
            PdfDictionary dictionary => dictionary.Any(entry => ContainsReference(entry.Value, depth + 1)),
            PdfArray array => array.Any(item => ContainsReference(item, depth + 1)),
            PdfStream stream => ContainsReference(stream.Dictionary, depth + 1),
            _ => false,
        };
    }
}
