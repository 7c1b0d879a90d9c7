using System.Security.Cryptography;
using Hub.Trust.Pdf;
using Hub.Trust.Timestamps;

namespace Hub.Trust.Signing;

/// <summary>
/// Appends a document time-stamp for B-LTA (ISO 32000-2 §12.8.5, EN 319 142-1 §6.4): an invisible field whose value
/// is <c>/Type /DocTimeStamp /SubFilter /ETSI.RFC3161</c> and whose <c>/Contents</c> is an RFC 3161 token over the
/// SHA-256 of the byte range. No <c>/M</c> or <c>/Reason</c>: the token carries the time.
/// </summary>
internal static class DocumentTimestamp
{
    private const int Reservation = 16 * 1024;

    public static async Task AppendAsync(byte[] pdf, Stream output, ITimeStamper timestamps, CancellationToken cancellationToken)
    {
        var reader = PdfReader.Open(pdf);
        var reservation = Reservation;
        for (var attempt = 1; ; attempt++)
        {
            var writer = new IncrementalPdfWriter(reader);
            var byteRange = PdfPlaceholder.Text(64);
            var contents = PdfPlaceholder.HexString(reservation);
            var value = new PdfDictionary()
                .Set("Type", new PdfName("DocTimeStamp"))
                .Set("Filter", new PdfName("Adobe.PPKLite"))
                .Set("SubFilter", new PdfName("ETSI.RFC3161"))
                .Set("ByteRange", byteRange)
                .Set("Contents", contents);
            var spot = WidgetLayout.Resolve(writer, reader, SealPlacement.Invisible, null);
            SignatureField.Append(writer, reader, PdfSigner.ChooseFieldName(reader, null, "DocTimeStamp"), value, spot, certify: false, attachments: []);
            var prepared = await PreparedSignature.WriteAsync(writer, output, byteRange, contents, cancellationToken).ConfigureAwait(false);
            var digest = await prepared.DigestAsync(cancellationToken).ConfigureAwait(false);
            var token = (await timestamps.TimestampHashAsync(digest, HashAlgorithmName.SHA256, cancellationToken).ConfigureAwait(false)).AsSignedCms().Encode();
            if (token.Length <= prepared.Capacity)
            {
                await prepared.PatchAsync(token, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (attempt == 3)
            {
                throw new PdfSigningException($"The document time-stamp token needs {token.Length} bytes, more than the reservation of {reservation}.");
            }

            reservation = token.Length + 4096;
            output.SetLength(0);
            output.Position = 0;
        }
    }
}
