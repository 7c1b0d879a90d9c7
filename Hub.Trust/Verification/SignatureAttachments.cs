using System.Security.Cryptography;
using Hub.Trust.Pdf;
using Hub.Trust.Signing;

namespace Hub.Trust.Verification;

/// <summary>
/// Reads the files associated with a signature: the file specifications in its widget's <c>/AF</c> (ISO 32000-2
/// §14.13; the field's own, or its kids' when the widgets are separate), each with its embedded file decoded under
/// at most <see cref="SignatureAttachment.MaxContentBytes"/> each and within the reader's total (a Flate bomb stops
/// there, not at the reader's larger per-stream limit). A file that cannot be read is left out with a problem; the caller decides what its absence means.
/// </summary>
internal static class SignatureAttachments
{
    private const int MaxFiles = 16;

    public static IReadOnlyList<SignatureAttachment> Read(PdfReader reader, PdfDictionary field, List<string> problems)
    {
        var specifications = new List<PdfObject>();
        try
        {
            Collect(reader, field, specifications);
            foreach (var kid in (reader.Resolve(field["Kids"]) as PdfArray ?? []).Take(MaxFiles))
            {
                if (reader.Resolve(kid) is PdfDictionary widget)
                {
                    Collect(reader, widget, specifications);
                }
            }
        }
        catch (PdfFormatException e)
        {
            problems.Add($"The signature's associated files cannot be read: {e.Message}");
            return [];
        }

        var files = new List<SignatureAttachment>();
        foreach (var item in specifications.Take(MaxFiles))
        {
            try
            {
                if (ReadOne(reader, item) is { } file)
                {
                    files.Add(file);
                }
            }
            catch (Exception e) when (e is PdfFormatException or CryptographicException)
            {
                problems.Add($"An attachment of the signature cannot be read: {e.Message}");
            }
        }

        return files;
    }

    private static void Collect(PdfReader reader, PdfDictionary dictionary, List<PdfObject> specifications)
    {
        if (reader.Resolve(dictionary["AF"]) is PdfArray af)
        {
            specifications.AddRange(af);
        }
    }

    private static SignatureAttachment? ReadOne(PdfReader reader, PdfObject item)
    {
        if (reader.Resolve(item) is not PdfDictionary specification
            || reader.Resolve(specification["EF"]) is not PdfDictionary embedded
            || reader.Resolve(embedded["UF"] ?? embedded["F"]) is not PdfStream stream)
        {
            return null;
        }

        var name = (reader.Resolve(specification["UF"] ?? specification["F"]) as PdfString)?.ToText() ?? string.Empty;
        var description = (reader.Resolve(specification["Desc"]) as PdfString)?.ToText() ?? string.Empty;
        var mediaType = stream.Dictionary.GetName("Subtype") ?? "application/octet-stream";
        var content = reader.DecodeStream(stream, SignatureAttachment.MaxContentBytes, $"attachment '{name}'");
        return new SignatureAttachment(name, content, mediaType, description);
    }
}
