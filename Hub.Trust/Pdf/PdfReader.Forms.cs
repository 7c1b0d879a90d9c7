namespace Hub.Trust.Pdf;

/// <summary>The interactive form (ISO 32000-1 §12.7): the AcroForm dictionary and its field tree.</summary>
internal sealed partial class PdfReader
{
    private const int MaxFieldTreeDepth = 64;

    private readonly List<PdfFormField> _fields = [];

    /// <summary>The catalog's <c>/AcroForm</c> dictionary, resolved; null when the document has no form.</summary>
    public PdfDictionary? AcroForm { get; private set; }

    /// <summary>
    /// The reference of the AcroForm when it is an indirect object in use; null when it is absent, inline in the
    /// catalog, or a reference to a missing object (an update must then write a new AcroForm).
    /// </summary>
    public PdfReference? AcroFormReference => AcroForm is not null && Catalog["AcroForm"] is PdfReference reference ? reference : null;

    /// <summary>Every named field of the form, parents before their kids, with fully qualified names.</summary>
    public IReadOnlyList<PdfFormField> FormFields => _fields;

    private void ReadFormFields()
    {
        AcroForm = Resolve(Catalog["AcroForm"]) as PdfDictionary;
        if (Resolve(AcroForm?["Fields"]) is not PdfArray fields)
        {
            return;
        }

        var visited = new HashSet<PdfReference>();
        foreach (var field in fields)
        {
            ReadField(field, null, null, visited, 0);
        }
    }

    private void ReadField(PdfObject node, string? parentName, string? parentType, HashSet<PdfReference> visited, int depth)
    {
        var reference = node as PdfReference;
        if (reference is not null && !visited.Add(reference))
        {
            ThrowHelper.Format($"PDF form field tree has a cycle: object {reference.ObjectNumber} {reference.Generation} R is reached twice.");
        }

        if (depth > MaxFieldTreeDepth)
        {
            ThrowHelper.Format($"PDF form field tree is deeper than {MaxFieldTreeDepth} levels.");
        }

        if (Resolve(node) is not PdfDictionary dictionary)
        {
            // A dangling entry in /Fields names no field; viewers skip it, and so does the reader.
            return;
        }

        var fieldType = dictionary.GetName("FT") ?? parentType;
        var partial = Resolve(dictionary["T"]) as PdfString;
        var name = partial is null ? parentName : parentName is null ? partial.ToText() : $"{parentName}.{partial.ToText()}";
        if (partial is not null)
        {
            if (_fields.Count >= _options.MaxObjects)
            {
                ThrowHelper.Limit("MaxObjects", _fields.Count + 1, _options.MaxObjects);
            }

            _fields.Add(new PdfFormField(name!, reference, dictionary, fieldType));
        }

        if (Resolve(dictionary["Kids"]) is PdfArray kids)
        {
            foreach (var kid in kids)
            {
                ReadField(kid, name, fieldType, visited, depth + 1);
            }
        }
    }
}
