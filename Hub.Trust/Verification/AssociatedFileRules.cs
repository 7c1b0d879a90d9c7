using Hub.Trust.Pdf;

namespace Hub.Trust.Verification;

/// <summary>
/// The diff rules for files a later seal adds (ISO 32000-2 §7.11.4, §14.13): the catalog's <c>/Names</c> may change
/// only in <c>/EmbeddedFiles</c>, whose tree must still hold every earlier (name, file specification) pair, and the
/// catalog's <c>/AF</c> must still hold every earlier entry. An earlier file specification or embedded file changed in
/// place is an ordinary changed object, which <see cref="RevisionDiff"/> flags; so is a removed or redirected entry.
/// </summary>
internal static class AssociatedFileRules
{
    /// <summary>Whether the names dictionary changed only by adding embedded files.</summary>
    public static bool NamesOnlyAdd(PdfReader signed, PdfReader current, PdfObject? before, PdfObject? after)
    {
        var old = signed.Resolve(before) as PdfDictionary ?? new PdfDictionary();
        if (current.Resolve(after) is not PdfDictionary now)
        {
            return old.Count == 0;
        }

        foreach (var key in old.Keys.Union(now.Keys))
        {
            if (key != "EmbeddedFiles" && old[key]?.ToString() != now[key]?.ToString())
            {
                return false;
            }
        }

        try
        {
            var remaining = PdfNameTree.Entries(current, now["EmbeddedFiles"]).Select(Text).ToList();
            return PdfNameTree.Entries(signed, old["EmbeddedFiles"]).Select(Text).All(remaining.Remove);
        }
        catch (PdfFormatException)
        {
            return false;
        }
    }

    /// <summary>Whether the catalog's associated files array only gained entries.</summary>
    public static bool AssociatedFilesOnlyAdd(PdfReader signed, PdfReader current, PdfObject? before, PdfObject? after)
    {
        var old = signed.Resolve(before) as PdfArray ?? [];
        if (current.Resolve(after) is not PdfArray now)
        {
            return old.Count == 0;
        }

        var remaining = now.Select(o => o.ToString()).ToList();
        return old.All(o => remaining.Remove(o.ToString()));
    }

    /// <summary>Whether <paramref name="reference"/> is the signed revision's names dictionary, as an object of its own.</summary>
    public static bool IsNamesDictionary(PdfReader signed, PdfReference reference) => reference.Equals(signed.Catalog["Names"]);

    private static string Text((PdfString Key, PdfObject Value) entry) => Convert.ToHexString(entry.Key.Bytes) + " " + entry.Value;
}
