using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hub.Trust.Pdf;

namespace Hub.Trust.Signing;

/// <summary>
/// Appends the Document Security Store of B-LT (ISO 32000-2 §12.8.4.3, EN 319 142-1 §6.3): certificates and CRLs as
/// one stream each, merged into any existing DSS, with a VRI entry for the newest signature keyed by the upper-case
/// hex SHA-1 of its decoded <c>/Contents</c>, padding included (Table 261).
/// </summary>
internal static class DocumentSecurityStore
{
    public static async Task AppendAsync(byte[] pdf, Stream output, IEnumerable<X509Certificate2> certificates, IEnumerable<byte[]> crls, CancellationToken cancellationToken)
    {
        var reader = PdfReader.Open(pdf);
        var writer = new IncrementalPdfWriter(reader);
        var existing = reader.Resolve(reader.Catalog["DSS"]) as PdfDictionary;
        var dss = existing?.Clone() ?? new PdfDictionary();
        var certs = Merge(reader, dss["Certs"]);
        var crlArray = Merge(reader, dss["CRLs"]);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var certRefs = new PdfArray();
        foreach (var certificate in certificates.Where(c => seen.Add(c.Thumbprint)))
        {
            var reference = writer.Add(new PdfStream(new PdfDictionary(), certificate.RawData));
            certs.Add(reference);
            certRefs.Add(reference);
        }

        var crlRefs = new PdfArray();
        foreach (var crl in crls)
        {
            var reference = writer.Add(new PdfStream(new PdfDictionary(), crl));
            crlArray.Add(reference);
            crlRefs.Add(reference);
        }

        dss.Set("Certs", certs).Set("CRLs", crlArray);
        if (LastSignatureContents(reader) is { } contents)
        {
            var vri = (reader.Resolve(dss["VRI"]) as PdfDictionary)?.Clone() ?? new PdfDictionary();
            vri.Set(Convert.ToHexString(SHA1.HashData(contents)), new PdfDictionary().Set("Cert", certRefs).Set("CRL", crlRefs));
            dss.Set("VRI", vri);
        }

        if (reader.Catalog["DSS"] is PdfReference dssReference && reader.Contains(dssReference))
        {
            writer.Replace(dssReference, dss);
        }
        else
        {
            writer.Replace(reader.CatalogReference, reader.Catalog.Clone().Set("DSS", writer.Add(dss)));
        }

        await writer.WriteToAsync(output, cancellationToken).ConfigureAwait(false);
    }

    private static PdfArray Merge(PdfReader reader, PdfObject? array) => (reader.Resolve(array) as PdfArray)?.Clone() ?? [];

    private static byte[]? LastSignatureContents(PdfReader reader)
    {
        // The signature just made is the one whose byte range reaches the end of the file.
        foreach (var field in reader.FormFields.Where(f => f.IsSignature))
        {
            if (reader.Resolve(field.Dictionary["V"]) is PdfDictionary value
                && reader.Resolve(value["ByteRange"]) is PdfArray { Count: 4 } range
                && PageFont.Number(range[2]) + PageFont.Number(range[3]) == reader.Data.Length
                && value["Contents"] is PdfString contents)
            {
                return contents.Bytes.ToArray();
            }
        }

        return null;
    }
}
