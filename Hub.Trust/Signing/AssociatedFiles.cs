using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using Hub.Trust.Pdf;

namespace Hub.Trust.Signing;

/// <summary>
/// Writes a signature's attachments into its update: per file an embedded file stream (ISO 32000-2 §7.11.4, with
/// <c>/Params /Size /CheckSum</c>) and a file specification (§7.11.3, <c>/AFRelationship /Supplement</c>), listed in
/// the catalog's <c>/Names /EmbeddedFiles</c> tree (rewritten flat, sorted and unique, keeping every earlier entry so
/// each seal's statement stays listed) and in the catalog's <c>/AF</c> (§14.13). The caller puts the returned
/// file specifications into the widget's <c>/AF</c>.
/// </summary>
internal static class AssociatedFiles
{
    /// <summary>Adds the files; changes <paramref name="catalog"/> (a clone) and perhaps the names dictionary object.</summary>
    /// <returns>References to the new file specifications, in the order given.</returns>
    public static PdfArray Append(IncrementalPdfWriter writer, PdfReader reader, PdfDictionary catalog, string fieldName, IReadOnlyList<SignatureAttachment> attachments)
    {
        var names = reader.Resolve(catalog["Names"]) as PdfDictionary;
        var entries = PdfNameTree.Entries(reader, names?["EmbeddedFiles"]);
        var taken = new HashSet<string>(entries.Select(e => Convert.ToHexString(e.Key.Bytes)), StringComparer.Ordinal);
        var specifications = new PdfArray();
        foreach (var attachment in attachments)
        {
            var specification = writer.Add(Specification(writer, attachment));
            specifications.Add(specification);
            entries.Add((UniqueKey(taken, fieldName, attachment.FileName), specification));
        }

        entries.Sort((left, right) => PdfNameTree.Compare(left.Key, right.Key));
        var tree = writer.Add(new PdfDictionary().Set("Names", new PdfArray(entries.SelectMany(e => new[] { (PdfObject)e.Key, e.Value }))));
        var newNames = (names?.Clone() ?? new PdfDictionary()).Set("EmbeddedFiles", tree);
        if (catalog["Names"] is PdfReference namesReference && reader.Contains(namesReference) && names is not null)
        {
            writer.Replace(namesReference, newNames);
        }
        else
        {
            catalog.Set("Names", newNames);
        }

        var af = new PdfArray((reader.Resolve(catalog["AF"]) as PdfArray) ?? []);
        foreach (var specification in specifications)
        {
            af.Add(specification);
        }

        catalog.Set("AF", af);
        return specifications;
    }

    /// <summary>Checks what a caller gave before anything is written.</summary>
    /// <exception cref="PdfSigningException">An attachment is empty-named, too large or has no media type.</exception>
    public static void Check(IReadOnlyList<SignatureAttachment> attachments)
    {
        foreach (var attachment in attachments)
        {
            ArgumentNullException.ThrowIfNull(attachment);
            if (string.IsNullOrWhiteSpace(attachment.FileName) || attachment.FileName.IndexOfAny(['/', '\\']) >= 0 || attachment.FileName.Any(char.IsControl))
            {
                throw new PdfSigningException($"Attachment file name '{attachment.FileName}' is not allowed: it must be non-empty, without path separators or control characters.");
            }

            if (attachment.Content is null || attachment.Content.Length > SignatureAttachment.MaxContentBytes)
            {
                throw new PdfSigningException($"Attachment '{attachment.FileName}' must have content of at most {SignatureAttachment.MaxContentBytes} bytes.");
            }

            var slash = attachment.MediaType?.IndexOf('/', StringComparison.Ordinal) ?? -1;
            if (slash <= 0 || slash == attachment.MediaType!.Length - 1 || attachment.MediaType.Any(c => c is <= ' ' or > '~'))
            {
                throw new PdfSigningException($"Attachment '{attachment.FileName}' needs a media type such as application/json, not '{attachment.MediaType}'.");
            }
        }
    }

    private static PdfDictionary Specification(IncrementalPdfWriter writer, SignatureAttachment attachment)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(attachment.Content);
        }

        // §7.11.4.2 Table 45 defines /CheckSum as the MD5 of the uncompressed file: an integrity hint, not security
        // (the seal's byte range protects the file).
#pragma warning disable CA5351
        var checksum = MD5.HashData(attachment.Content);
#pragma warning restore CA5351
        var file = writer.Add(new PdfStream(
            new PdfDictionary()
                .Set("Type", new PdfName("EmbeddedFile"))
                .Set("Subtype", new PdfName(attachment.MediaType))
                .Set("Filter", new PdfName("FlateDecode"))
                .Set("Params", new PdfDictionary()
                    .Set("Size", new PdfInteger(attachment.Content.Length))
                    .Set("CheckSum", new PdfString(checksum, hex: true))),
            compressed.ToArray()));
        var name = PdfString.FromText(attachment.FileName);
        var specification = new PdfDictionary()
            .Set("Type", new PdfName("Filespec"))
            .Set("F", name)
            .Set("UF", name)
            .Set("EF", new PdfDictionary().Set("F", file).Set("UF", file));
        if (attachment.Description.Length > 0)
        {
            specification.Set("Desc", PdfString.FromText(attachment.Description));
        }

        return specification.Set("AFRelationship", new PdfName("Supplement"));
    }

    private static PdfString UniqueKey(HashSet<string> taken, string fieldName, string fileName)
    {
        // The plain file name when free; else qualified by the field, which is unique in the document.
        for (var n = 1; ; n++)
        {
            var text = n switch
            {
                1 => fileName,
                2 => $"{fieldName} {fileName}",
                _ => string.Create(CultureInfo.InvariantCulture, $"{fieldName} {fileName} ({n - 1})"),
            };
            var key = PdfString.FromText(text);
            if (taken.Add(Convert.ToHexString(key.Bytes)))
            {
                return key;
            }
        }
    }
}
