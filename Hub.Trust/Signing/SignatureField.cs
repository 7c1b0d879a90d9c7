using Hub.Trust.Pdf;

namespace Hub.Trust.Signing;

/// <summary>One widget of a signature field: its page, user-space rectangle and appearance (none when invisible).</summary>
internal sealed record WidgetSpot(PdfPage Page, PdfRectangle Rectangle, PdfReference? Appearance);

/// <summary>
/// Appends a signature field to an update, re-writing only what must change (ISO 32000-1 §12.7.2, §12.7.4.5): the
/// AcroForm (field added to <c>/Fields</c>, <c>/SigFlags 3</c>), the pages or their <c>/Annots</c> arrays, and the
/// catalog when the AcroForm is not an indirect object or the signature certifies.
/// </summary>
internal static class SignatureField
{
    private const int Print = 4;
    private const int Locked = 128;

    /// <summary>Adds the field with <paramref name="value"/> as its signature dictionary; returns the value's reference.</summary>
    /// <remarks>
    /// The field and its one widget are merged in one dictionary (ISO 32000-1 §12.5.6.19, §12.7.3.1), as most signers
    /// write it. A field with several widgets as /Kids is valid ISO 32000 (§12.7.4.5 lets a signature field have
    /// widgets on many pages), but poppler 22.12 (pdfsig) turns each kid carrying /Parent into a field of its own
    /// without /V ("The signature form field is not signed"), and mutool 1.21 reports a digest error on such kids,
    /// also when the first widget is merged with the field. So a seal shown on several pages is one field and one
    /// signature per page (<see cref="WidgetLayout.RevisionCount"/>), which every verifier here accepts; and one
    /// signature dictionary shared by several fields is not an option, since §12.8 ties each signature value to
    /// one field and its byte range to one revision.
    /// </remarks>
    public static PdfReference Append(
        IncrementalPdfWriter writer, PdfReader reader, string name, PdfDictionary value, WidgetSpot spot, bool certify, IReadOnlyList<SignatureAttachment> attachments)
    {
        var valueReference = writer.Add(value);
        var widget = Widget(spot).Set("FT", new PdfName("Sig")).Set("T", PdfString.FromText(name)).Set("V", valueReference);
        var catalog = reader.Catalog.Clone();
        var catalogChanged = false;
        if (attachments.Count > 0)
        {
            // ISO 32000-2 §14.13: the widget's /AF associates the files with this signature; the catalog lists them too.
            widget.Set("AF", AssociatedFiles.Append(writer, reader, catalog, name, attachments));
            catalogChanged = true;
        }

        var field = writer.Add(widget);
        AddAnnotation(writer, reader, spot.Page, field);

        var form = reader.AcroForm?.Clone() ?? new PdfDictionary();
        if (form["Fields"] is PdfReference fieldsReference && reader.Contains(fieldsReference))
        {
            var fields = (reader.Resolve(fieldsReference) as PdfArray)?.Clone() ?? [];
            fields.Add(field);
            writer.Replace(fieldsReference, fields);
        }
        else
        {
            var fields = (reader.Resolve(form["Fields"]) as PdfArray)?.Clone() ?? [];
            fields.Add(field);
            form.Set("Fields", fields);
        }

        // Table 219: SignaturesExist | AppendOnly, so viewers keep later saves incremental.
        form.Set("SigFlags", new PdfInteger(3));
        if (reader.AcroFormReference is { } formReference)
        {
            writer.Replace(formReference, form);
        }
        else
        {
            catalog.Set("AcroForm", writer.Add(form));
            catalogChanged = true;
        }

        if (certify)
        {
            // ISO 32000-2 §12.8.2.2: the catalog's /Perms /DocMDP names the certifying signature dictionary.
            catalog.Set("Perms", new PdfDictionary().Set("DocMDP", valueReference));
            catalogChanged = true;
        }

        if (catalogChanged)
        {
            writer.Replace(reader.CatalogReference, catalog);
        }

        return valueReference;
    }

    private static PdfDictionary Widget(WidgetSpot spot)
    {
        var widget = new PdfDictionary()
            .Set("Type", new PdfName("Annot"))
            .Set("Subtype", new PdfName("Widget"))
            .Set("Rect", spot.Rectangle.ToArray())
            .Set("P", spot.Page.Reference)
            .Set("F", new PdfInteger(Print | Locked));

        // An invisible signature has a zero rectangle and needs no appearance (§12.7.4.5).
        if (spot.Appearance is not null)
        {
            widget.Set("AP", new PdfDictionary().Set("N", spot.Appearance));
        }

        return widget;
    }

    private static void AddAnnotation(IncrementalPdfWriter writer, PdfReader reader, PdfPage page, PdfReference widget)
    {
        // A reference to a missing object counts as absent: the page then gets a new array.
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
    }
}
