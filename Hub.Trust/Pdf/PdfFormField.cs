namespace Hub.Trust.Pdf;

/// <summary>A field of the document's interactive form (ISO 32000-1 §12.7.3), with its fully qualified name.</summary>
internal sealed class PdfFormField
{
    internal PdfFormField(string fullName, PdfReference? reference, PdfDictionary dictionary, string? fieldType)
    {
        FullName = fullName;
        Reference = reference;
        Dictionary = dictionary;
        FieldType = fieldType;
    }

    /// <summary>Partial names from the root down, joined by '.' (§12.7.3.2).</summary>
    public string FullName { get; }

    /// <summary>The field object's reference; null for a field written directly into its parent's /Kids.</summary>
    public PdfReference? Reference { get; }

    /// <summary>The field dictionary as stored.</summary>
    public PdfDictionary Dictionary { get; }

    /// <summary>The field type (<c>Btn</c>, <c>Tx</c>, <c>Ch</c>, <c>Sig</c>), own or inherited; null for a pure container.</summary>
    public string? FieldType { get; }

    /// <summary>Whether this is a signature field (<c>/FT /Sig</c>).</summary>
    public bool IsSignature => FieldType == "Sig";

    /// <summary>Whether this is a signature field that already holds a signature value (<c>/V</c>).</summary>
    public bool IsSigned => IsSignature && Dictionary.ContainsKey("V");
}
