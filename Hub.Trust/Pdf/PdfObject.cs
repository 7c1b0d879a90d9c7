namespace Hub.Trust.Pdf;

/// <summary>
/// A PDF object (ISO 32000-1 §7.3): null, boolean, integer, real, string, name, array, dictionary, stream or
/// indirect reference. Objects returned by <see cref="PdfReader"/> are shared with its cache: copy an array or
/// dictionary (<see cref="PdfArray.Clone"/>, <see cref="PdfDictionary.Clone"/>) before changing it for an update.
/// </summary>
internal abstract class PdfObject
{
    private protected PdfObject()
    {
    }

    /// <summary>Writes the object in PDF syntax.</summary>
    internal abstract void WriteTo(PdfSyntaxWriter writer);

    /// <summary>The object in PDF syntax, for diagnostics and tests.</summary>
    public override string ToString()
    {
        using var writer = new PdfSyntaxWriter();
        WriteTo(writer);
        return System.Text.Encoding.Latin1.GetString(writer.WrittenSpan);
    }
}
