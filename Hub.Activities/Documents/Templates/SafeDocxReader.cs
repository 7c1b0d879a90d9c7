using System.IO.Compression;
using System.Xml;

namespace Hub.Activities.Documents.Templates;

/// <summary>
/// Checks a .docx package before the OpenXML SDK sees it: a zip (ECMA-376 Part 2, OPC) with a bounded number of
/// entries, bounded inflated size and ratio (counted while inflating, never from the declared sizes), every XML part
/// parseable with DTD processing prohibited (no DOCTYPE, so no external or recursive entities), no macro-enabled
/// content (vbaProject parts, the .docm main content type, ActiveX), and images under the size limit.
/// </summary>
internal static class SafeDocxReader
{
    private const string MainDocumentType =
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";

    private const string TemplateDocumentType =
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml";

    public static void Check(ReadOnlySpan<byte> package, DocumentLimits limits)
    {
        if (package.Length < 4 || package[0] != (byte)'P' || package[1] != (byte)'K' || package[2] != 3 || package[3] != 4)
        {
            throw new DocumentRejectedException("The file is not a Word document: it is not a zip package (no PK signature).");
        }

        ZipArchive zip;
        try
        {
            zip = new ZipArchive(new MemoryStream(package.ToArray(), writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw new DocumentRejectedException($"The file is not a Word document: the zip is unreadable ({e.Message}).", e);
        }

        using (zip)
        {
            CheckEntries(zip, limits);
        }
    }

    private static void CheckEntries(ZipArchive zip, DocumentLimits limits)
    {
        if (zip.Entries.Count > limits.MaxEntries)
        {
            throw new DocumentRejectedException(
                $"The package has {zip.Entries.Count} entries, more than the limit of {limits.MaxEntries}.");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        long total = 0;
        string? contentTypes = null;
        var hasMainDocument = false;
        foreach (var entry in zip.Entries)
        {
            if (!names.Add(entry.FullName))
            {
                throw new DocumentRejectedException($"The package has two entries named '{entry.FullName}'.");
            }

            RefuseMacroPart(entry.FullName);
            var bytes = Inflate(entry, limits, ref total);
            if (entry.FullName.StartsWith("word/media/", StringComparison.OrdinalIgnoreCase) && bytes.Length > limits.MaxImageBytes)
            {
                throw new DocumentRejectedException(
                    $"The image '{entry.FullName}' has {bytes.Length} bytes, more than the limit of {limits.MaxImageBytes}.");
            }

            if (IsXmlPart(entry.FullName))
            {
                CheckXml(entry.FullName, bytes);
            }

            if (entry.FullName == "[Content_Types].xml")
            {
                contentTypes = System.Text.Encoding.UTF8.GetString(bytes);
            }

            hasMainDocument |= entry.FullName.Equals("word/document.xml", StringComparison.OrdinalIgnoreCase);
        }

        if (contentTypes is null)
        {
            throw new DocumentRejectedException("The file is not a Word document: the zip has no [Content_Types].xml.");
        }

        // Content types are compared as text after the XML check above, so entity tricks cannot hide them.
        if (contentTypes.Contains("macroEnabled", StringComparison.OrdinalIgnoreCase)
            || contentTypes.Contains("vbaProject", StringComparison.OrdinalIgnoreCase))
        {
            throw new DocumentRejectedException(
                "The document is macro-enabled (.docm content type or a VBA project); macros are refused.");
        }

        if (!hasMainDocument || !(contentTypes.Contains(MainDocumentType, StringComparison.Ordinal)
                                  || contentTypes.Contains(TemplateDocumentType, StringComparison.Ordinal)))
        {
            throw new DocumentRejectedException(
                "The file is not a Word document: no word/document.xml with the WordprocessingML main content type.");
        }
    }

    private static void RefuseMacroPart(string name)
    {
        if (name.Contains("vbaProject", StringComparison.OrdinalIgnoreCase)
            || name.Contains("vbaData", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("word/activeX/", StringComparison.OrdinalIgnoreCase))
        {
            throw new DocumentRejectedException($"The document carries executable content ('{name}'); macros and ActiveX are refused.");
        }
    }

    private static byte[] Inflate(ZipArchiveEntry entry, DocumentLimits limits, ref long total)
    {
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        try
        {
            using var input = entry.Open();
            int read;
            while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
            {
                total += read;
                if (total > limits.MaxTotalUncompressedBytes)
                {
                    throw new DocumentRejectedException(
                        $"The package inflates to more than {limits.MaxTotalUncompressedBytes} bytes (at '{entry.FullName}'); refused as a zip bomb.");
                }

                output.Write(buffer, 0, read);
                if (output.Length > limits.RatioCheckThresholdBytes
                    && output.Length > (long)limits.MaxCompressionRatio * Math.Max(1, entry.CompressedLength))
                {
                    throw new DocumentRejectedException(
                        $"The entry '{entry.FullName}' inflates more than {limits.MaxCompressionRatio} times; refused as a zip bomb.");
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new DocumentRejectedException($"The zip entry '{entry.FullName}' is corrupt ({e.Message}).", e);
        }

        return output.ToArray();
    }

    private static bool IsXmlPart(string name) =>
        name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".rels", StringComparison.OrdinalIgnoreCase);

    private static void CheckXml(string name, byte[] bytes)
    {
        // DtdProcessing.Prohibit makes any DOCTYPE an error, so neither internal entity expansion ("billion laughs")
        // nor external entities (XXE) can occur; no resolver is set, so nothing is ever fetched.
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreWhitespace = true,
            CloseInput = true,
        };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(bytes, writable: false), settings);
            while (reader.Read())
            {
            }
        }
        catch (XmlException e) when (e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            throw new DocumentRejectedException($"The XML part '{name}' contains a DTD (DOCTYPE); DTDs and entities are refused.", e);
        }
        catch (XmlException e)
        {
            throw new DocumentRejectedException($"The XML part '{name}' is not well-formed XML ({e.Message}).", e);
        }
    }
}
