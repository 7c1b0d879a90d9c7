namespace Hub.Trust.Pdf;

/// <summary>
/// A page of the document with its inheritable attributes resolved through the page tree (ISO 32000-1 §7.7.3.4).
/// </summary>
internal sealed class PdfPage
{
    internal PdfPage(int index, PdfReference reference, PdfDictionary dictionary, PdfRectangle? mediaBox, PdfRectangle? cropBox, int rotate, PdfDictionary? resources)
    {
        Index = index;
        Reference = reference;
        Dictionary = dictionary;
        MediaBox = mediaBox;
        CropBox = cropBox ?? mediaBox;
        Rotate = rotate;
        Resources = resources;
    }

    /// <summary>Zero-based position in the document.</summary>
    public int Index { get; }

    /// <summary>The page object's reference, for a widget's <c>/P</c> and for replacing the page in an update.</summary>
    public PdfReference Reference { get; }

    /// <summary>The page dictionary as stored (without inherited entries).</summary>
    public PdfDictionary Dictionary { get; }

    /// <summary>The media box, own or inherited; null when neither the page nor an ancestor has one (a defect).</summary>
    public PdfRectangle? MediaBox { get; }

    /// <summary>The crop box, own or inherited, defaulting to the media box (§14.11.2).</summary>
    public PdfRectangle? CropBox { get; }

    /// <summary>Clockwise rotation in degrees: 0, 90, 180 or 270.</summary>
    public int Rotate { get; }

    /// <summary>The resource dictionary, own or inherited, resolved; null when absent.</summary>
    public PdfDictionary? Resources { get; }
}
