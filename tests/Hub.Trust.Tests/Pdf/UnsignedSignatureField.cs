using Hub.Trust.Pdf;

namespace Hub.Trust.Tests.Pdf;

/// <summary>
/// What the signer will do to a document, minus the signature: one update that adds a visible signature field
/// merged with its widget on page 1, an appearance stream and a signature-dictionary-shaped object with placeholders,
/// re-writing only the AcroForm (or the catalog when it has no indirect AcroForm) and the page or its /Annots array.
/// </summary>
internal static class UnsignedSignatureField
{
    public static async Task<byte[]> AppendAsync(byte[] pdf, string fieldName)
    {
        var reader = PdfReader.Open(pdf);
        var writer = new IncrementalPdfWriter(reader);
        var page = reader.Pages[0];

        var appearance = writer.Add(new PdfStream(
            new PdfDictionary()
                .Set("Type", new PdfName("XObject"))
                .Set("Subtype", new PdfName("Form"))
                .Set("BBox", new PdfRectangle(0, 0, 120, 60).ToArray()),
            "1 0 0 RG 4 w 2 2 116 56 re S"u8.ToArray()));
        var value = writer.Add(new PdfDictionary()
            .Set("Type", new PdfName("Sig"))
            .Set("ByteRange", PdfPlaceholder.Text(48))
            .Set("Contents", PdfPlaceholder.HexString(64)));
        var widget = writer.Add(new PdfDictionary()
            .Set("Type", new PdfName("Annot"))
            .Set("Subtype", new PdfName("Widget"))
            .Set("FT", new PdfName("Sig"))
            .Set("T", PdfString.FromText(fieldName))
            .Set("V", value)
            .Set("Rect", new PdfRectangle(36, 36, 156, 96).ToArray())
            .Set("F", new PdfInteger(4))
            .Set("P", page.Reference)
            .Set("AP", new PdfDictionary().Set("N", appearance)));

        // A reference to a missing object counts as absent: there is nothing to replace, the page gets a new array.
        if (page.Dictionary["Annots"] is PdfReference annotsReference && reader.Contains(annotsReference))
        {
            var annots = (reader.Resolve(annotsReference) as PdfArray)?.Clone() ?? [];
            annots.Add(widget);
            writer.Replace(annotsReference, annots);
        }
        else
        {
            var annots = (page.Dictionary["Annots"] as PdfArray)?.Clone() ?? [];
            annots.Add(widget);
            writer.Replace(page.Reference, page.Dictionary.Clone().Set("Annots", annots));
        }

        var form = reader.AcroForm?.Clone() ?? new PdfDictionary();
        if (form["Fields"] is PdfReference fieldsReference && reader.Contains(fieldsReference))
        {
            var fields = (reader.Resolve(fieldsReference) as PdfArray)?.Clone() ?? [];
            fields.Add(widget);
            writer.Replace(fieldsReference, fields);
        }
        else
        {
            var fields = (form["Fields"] as PdfArray)?.Clone() ?? [];
            fields.Add(widget);
            form.Set("Fields", fields);
        }

        form.Set("SigFlags", new PdfInteger(3));
        if (reader.AcroFormReference is { } formReference)
        {
            writer.Replace(formReference, form);
        }
        else
        {
            writer.Replace(reader.CatalogReference, reader.Catalog.Clone().Set("AcroForm", writer.Add(form)));
        }

        using var output = new MemoryStream();
        await writer.WriteToAsync(output);
        return output.ToArray();
    }
}
