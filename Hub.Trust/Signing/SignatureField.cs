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
    public static PdfReference Append(
        IncrementalPdfWriter writer, PdfReader reader, string name, PdfDictionary value, IReadOnlyList<WidgetSpot> spots, bool certify)
    {
        var valueReference = writer.Add(value);
        PdfReference field;
        var widgets = new List<(PdfPage Page, PdfReference Widget)>();
        if (spots.Count == 1)
        {
            // One widget: field and widget merged in one dictionary (§12.5.6.19), as most signers write it.
            field = writer.Add(Widget(spots[0]).Set("FT", new PdfName("Sig")).Set("T", PdfString.FromText(name)).Set("V", valueReference));
            widgets.Add((spots[0].Page, field));
        }
        else
        {
            field = writer.Allocate();
            var kids = new PdfArray();
            foreach (var spot in spots)
            {
                var widget = writer.Add(Widget(spot).Set("Parent", field));
                kids.Add(widget);
                widgets.Add((spot.Page, widget));
            }

            writer.Set(field, new PdfDictionary()
                .Set("FT", new PdfName("Sig"))
                .Set("T", PdfString.FromText(name))
                .Set("V", valueReference)
                .Set("Kids", kids));
        }

        foreach (var group in widgets.GroupBy(w => w.Page.Index))
        {
            AddAnnotations(writer, reader, group.First().Page, group.Select(w => w.Widget));
        }

        var catalog = reader.Catalog.Clone();
        var catalogChanged = false;
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

    private static void AddAnnotations(IncrementalPdfWriter writer, PdfReader reader, PdfPage page, IEnumerable<PdfReference> widgets)
    {
        // A reference to a missing object counts as absent: the page then gets a new array.
        if (page.Dictionary["Annots"] is PdfReference annotsReference && reader.Contains(annotsReference))
        {
            var annots = (reader.Resolve(annotsReference) as PdfArray)?.Clone() ?? [];
            foreach (var widget in widgets)
            {
                annots.Add(widget);
            }

            writer.Replace(annotsReference, annots);
        }
        else
        {
            var annots = (page.Dictionary["Annots"] as PdfArray)?.Clone() ?? [];
            foreach (var widget in widgets)
            {
                annots.Add(widget);
            }

            writer.Replace(page.Reference, page.Dictionary.Clone().Set("Annots", annots));
        }
    }
}
