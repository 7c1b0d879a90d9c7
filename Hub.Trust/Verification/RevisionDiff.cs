using Hub.Trust.Pdf;

namespace Hub.Trust.Verification;

/// <summary>
/// Compares a signed revision with the whole file (ISO 32000-2 §12.8.2, after pyHanko's diff rules): changes that
/// add signatures, DSS and document time-stamps, fill an empty signature field, or add embedded files associated
/// with a new signature (<see cref="AssociatedFileRules"/>) are allowed; any other changed or
/// freed object is flagged by number. New objects are not flagged themselves: they matter only through the changed
/// objects that refer to them, and those are checked. Only generation-0 objects are compared.
/// </summary>
internal static class RevisionDiff
{
    private static readonly HashSet<string> CatalogKeys = new(StringComparer.Ordinal) { "AcroForm", "DSS", "Extensions" };
    private static readonly HashSet<string> FormKeys = new(StringComparer.Ordinal) { "Fields", "SigFlags", "DR", "DA" };
    private static readonly HashSet<string> SignatureFieldKeys = new(StringComparer.Ordinal) { "V", "AP", "AS", "F", "MK", "Lock", "SV" };
    private static readonly HashSet<string> DssKeys = new(StringComparer.Ordinal) { "Type", "Certs", "CRLs", "OCSPs", "VRI" };

    /// <summary>Returns whether anything changed at all, and the object numbers of disallowed changes.</summary>
    public static (bool Changed, IReadOnlyList<int> Flagged) Compare(PdfReader signed, PdfReader current)
    {
        var flagged = new List<int>();
        var changed = false;
        for (var number = 1; number < current.Size; number++)
        {
            var reference = new PdfReference(number, 0);
            var before = signed.Contains(reference);
            var after = current.Contains(reference);
            if (!before)
            {
                changed |= after;
                continue;
            }

            if (!after)
            {
                changed = true;
                flagged.Add(number);
                continue;
            }

            var (old, oldText) = Read(signed, reference);
            var (now, nowText) = Read(current, reference);
            if (oldText == nowText)
            {
                continue;
            }

            changed = true;
            if (!IsAllowed(signed, current, reference, old, now))
            {
                flagged.Add(number);
            }
        }

        return (changed, flagged);
    }

    private static (PdfObject Value, string Text) Read(PdfReader reader, PdfReference reference)
    {
        // A broken object that later revisions leave alone is not a modification; it compares equal to itself.
        try
        {
            var value = reader.GetObject(reference);
            return (value, value.ToString());
        }
        catch (PdfFormatException e)
        {
            return (PdfNull.Instance, "unreadable: " + e.Message);
        }
    }

    private static bool IsAllowed(PdfReader signed, PdfReader current, PdfReference reference, PdfObject old, PdfObject now)
    {
        if (old is PdfArray oldArray && now is PdfArray newArray)
        {
            // An /Annots or /Fields array: the old entries kept, only signature widgets or fields added.
            return OnlyAddsSignatures(current, oldArray, newArray);
        }

        if (old is not PdfDictionary before || now is not PdfDictionary after)
        {
            return false;
        }

        var keys = ChangedKeys(before, after);
        if (reference.Equals(signed.CatalogReference))
        {
            return keys.All(k => CatalogKeys.Contains(k) || k is "Names" or "AF")
                && InlineArrayAdditions(current, before, after, "AcroForm")
                && (!keys.Contains("Names") || AssociatedFileRules.NamesOnlyAdd(signed, current, before["Names"], after["Names"]))
                && (!keys.Contains("AF") || AssociatedFileRules.AssociatedFilesOnlyAdd(signed, current, before["AF"], after["AF"]));
        }

        if (AssociatedFileRules.IsNamesDictionary(signed, reference))
        {
            return AssociatedFileRules.NamesOnlyAdd(signed, current, before, after);
        }

        if (reference.Equals(signed.AcroFormReference))
        {
            return keys.All(FormKeys.Contains)
                && (!keys.Contains("Fields") || ArraysOnlyAddSignatures(current, before["Fields"], after["Fields"]));
        }

        if (before.GetName("Type") == "Page")
        {
            return keys.All(k => k == "Annots") && ArraysOnlyAddSignatures(current, before["Annots"], after["Annots"]);
        }

        if (before.GetName("FT") == "Sig" && !before.ContainsKey("V"))
        {
            return keys.All(SignatureFieldKeys.Contains);
        }

        // The DSS and its VRI entries grow with every B-LT/B-LTA update (§12.8.4.3).
        return (before.Keys.All(DssKeys.Contains) && after.Keys.All(DssKeys.Contains) && before.Count > 0)
            || IsVri(signed, reference);
    }

    private static bool IsVri(PdfReader signed, PdfReference reference) =>
        signed.Resolve(signed.Catalog["DSS"]) is PdfDictionary dss && reference.Equals(dss["VRI"]);

    private static bool InlineArrayAdditions(PdfReader current, PdfDictionary before, PdfDictionary after, string key)
    {
        // An inline AcroForm in the catalog: the same rules as an indirect one.
        if (before[key] is PdfDictionary oldForm && after[key] is PdfDictionary newForm)
        {
            var keys = ChangedKeys(oldForm, newForm);
            return keys.All(FormKeys.Contains) && (!keys.Contains("Fields") || ArraysOnlyAddSignatures(current, oldForm["Fields"], newForm["Fields"]));
        }

        return true;
    }

    private static HashSet<string> ChangedKeys(PdfDictionary before, PdfDictionary after)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in before.Keys.Union(after.Keys))
        {
            if (before[key]?.ToString() != after[key]?.ToString())
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    private static bool ArraysOnlyAddSignatures(PdfReader current, PdfObject? before, PdfObject? after)
    {
        if (before is PdfReference && after is PdfReference && before.ToString() == after.ToString())
        {
            return true; // the array object itself is compared on its own
        }

        return after is PdfArray newArray && (before is null || before is PdfArray) && OnlyAddsSignatures(current, before as PdfArray ?? [], newArray);
    }

    private static bool OnlyAddsSignatures(PdfReader current, PdfArray before, PdfArray after)
    {
        var old = before.Select(o => o.ToString()).ToList();
        var remaining = after.Select(o => o.ToString()).ToList();
        foreach (var entry in old)
        {
            if (!remaining.Remove(entry))
            {
                return false;
            }
        }

        return after.Where(o => !old.Contains(o.ToString())).All(o => IsSignatureField(current, current.Resolve(o) as PdfDictionary));
    }

    private static bool IsSignatureField(PdfReader reader, PdfDictionary? dictionary)
    {
        for (var depth = 0; dictionary is not null && depth < 8; depth++)
        {
            if (dictionary.GetName("FT") is { } type)
            {
                return type == "Sig";
            }

            dictionary = reader.Resolve(dictionary["Parent"]) as PdfDictionary;
        }

        return false;
    }
}
