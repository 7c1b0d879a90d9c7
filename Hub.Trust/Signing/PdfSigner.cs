using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Hub.Trust.Pdf;
using Hub.Trust.Timestamps;

namespace Hub.Trust.Signing;

/// <summary>
/// Applies PAdES seals (ETSI EN 319 142-1) to PDFs as incremental updates, so earlier seals stay valid. Each seal
/// runs the phases prepare (field, widgets, appearance and a signature dictionary with placeholders), digest
/// (SHA-256 streamed over the byte range), sign (CAdES SignedData, optionally time-stamped) and patch; a seal shown
/// on every page or across page edges repeats them once per page; B-LT then appends a DSS and B-LTA a document
/// time-stamp, each in its own update.
/// </summary>
public sealed class PdfSigner
{
    // Reservations in DER bytes: RSA-2048 with chain ≈ 3–4 KB, with a time-stamp ≈ 6–8 KB (pdfsign.md §1).
    private const int SignatureReservation = 16 * 1024;
    private const int TimestampedReservation = 32 * 1024;
    private const int MaxAttempts = 4;

    private readonly ITimeStamper? _timestamps;
    private readonly TimeProvider _time;

    /// <summary>Creates a signer.</summary>
    /// <param name="timestamps">Where signature and document time-stamps come from; needed for B-T and above, unused for B-B.
    /// An external TSA is a <see cref="TimestampClient"/>, the Hub's own an <see cref="InProcessTimeStamper"/>.</param>
    /// <param name="time">The clock of the signature dictionary's <c>/M</c>; the system clock when null.</param>
    public PdfSigner(ITimeStamper? timestamps = null, TimeProvider? time = null)
    {
        _timestamps = timestamps;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Seals <paramref name="pdf"/> and writes the result to <paramref name="output"/>, which must be empty, seekable,
    /// readable and writable (a file opened read/write, or a <see cref="MemoryStream"/>).
    /// </summary>
    /// <returns>The name of the signature field that was added.</returns>
    /// <exception cref="PdfFormatException">The input is not a PDF the reader accepts (e.g. encrypted or broken).</exception>
    /// <exception cref="PdfSigningException">The seal cannot be applied as asked; the message says why.</exception>
    /// <exception cref="TimestampException">The TSA failed (B-T and above).</exception>
    public async Task<string> SealAsync(ReadOnlyMemory<byte> pdf, Stream output, PdfSealRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(request);
        if (!output.CanSeek || !output.CanRead || !output.CanWrite || output.Length != 0)
        {
            throw new ArgumentException("The output must be an empty stream that can seek, read and write.", nameof(output));
        }

        var key = request.PrivateKey ?? (AsymmetricAlgorithm?)request.Certificate.GetRSAPrivateKey() ?? request.Certificate.GetECDsaPrivateKey()
            ?? throw new PdfSigningException($"No private key for the seal certificate {request.Certificate.Subject}: give PrivateKey or a certificate with its key.");
        if (request.Level != PadesLevel.BaselineB && _timestamps is null)
        {
            throw new PdfSigningException($"Level {Describe(request.Level)} needs a time-stamp authority, and none is configured.");
        }

        var reserved = request.ExtraSignedAttributes.FirstOrDefault(a => a.Oid?.Value is null || CadesSignedData.ReservedAttributes.Contains(a.Oid.Value));
        if (reserved is not null)
        {
            throw new PdfSigningException($"Extra signed attribute {reserved.Oid?.Value ?? "(no OID)"} is set by the signer itself or forbidden by EN 319 142-1; it cannot be given.");
        }

        AssociatedFiles.Check(request.Attachments);
        var reader = PdfReader.Open(pdf);
        var fieldName = ChooseFieldName(reader, request.FieldName, "Seal");
        CheckPermissions(reader, request.Certify);

        // A seal shown on several pages is one signed revision per page (see SignatureField.Append for why);
        // every revision but the last goes to memory, and only the first may certify (§12.8.2.2).
        var revisions = WidgetLayout.RevisionCount(reader, request.Placement);
        var longTerm = request.Level is PadesLevel.BaselineLT or PadesLevel.BaselineLTA;
        var tokens = new List<byte[]>();
        for (var revision = 0; ; revision++)
        {
            var last = revision == revisions - 1;
            var target = last && !longTerm ? output : new MemoryStream();
            var name = revision == 0 ? fieldName : ChooseFieldName(reader, string.Create(CultureInfo.InvariantCulture, $"{fieldName}-p{revision + 1}"), "Seal");
            var token = await SignAsync(reader, target, request, name, key, revision, cancellationToken).ConfigureAwait(false);
            if (token is not null)
            {
                tokens.Add(token);
            }

            if (last)
            {
                if (!longTerm)
                {
                    return fieldName;
                }

                pdf = ((MemoryStream)target).ToArray();
                break;
            }

            reader = PdfReader.Open(((MemoryStream)target).ToArray());
        }

        var withDss = request.Level == PadesLevel.BaselineLTA ? new MemoryStream() : output;
        await DocumentSecurityStore.AppendAsync(pdf.ToArray(), withDss, [request.Certificate, .. request.Chain, .. tokens.SelectMany(TokenCertificates)], request.Crls, cancellationToken)
            .ConfigureAwait(false);
        if (request.Level == PadesLevel.BaselineLTA)
        {
            await DocumentTimestamp.AppendAsync(((MemoryStream)withDss).ToArray(), output, _timestamps!, cancellationToken).ConfigureAwait(false);
        }

        return fieldName;
    }

    private async Task<byte[]?> SignAsync(
        PdfReader reader, Stream output, PdfSealRequest request, string fieldName, AsymmetricAlgorithm key, int revision, CancellationToken cancellationToken)
    {
        var reservation = request.Level == PadesLevel.BaselineB ? SignatureReservation : TimestampedReservation;
        for (var attempt = 1; ; attempt++)
        {
            var writer = new IncrementalPdfWriter(reader);
            var byteRange = PdfPlaceholder.Text(64);
            var contents = PdfPlaceholder.HexString(reservation);
            var certify = request.Certify && revision == 0;
            var spot = WidgetLayout.Resolve(writer, reader, request.Placement, request.Appearance, revision);
            SignatureField.Append(writer, reader, fieldName, SignatureDictionary(request, certify, byteRange, contents), spot, certify, revision == 0 ? request.Attachments : []);
            var prepared = await PreparedSignature.WriteAsync(writer, output, byteRange, contents, cancellationToken).ConfigureAwait(false);

            var digest = await prepared.DigestAsync(cancellationToken).ConfigureAwait(false);
            var cms = CadesSignedData.Sign(digest, request.Certificate, key, request.Chain, request.ExtraSignedAttributes);
            byte[]? token = null;
            if (request.Level != PadesLevel.BaselineB)
            {
                var stamp = await _timestamps!.TimestampDataAsync(cms.Signature, cancellationToken).ConfigureAwait(false);
                token = stamp.AsSignedCms().Encode();
            }

            var der = cms.Encode(token);
            if (der.Length <= prepared.Capacity)
            {
                await prepared.PatchAsync(der, cancellationToken).ConfigureAwait(false);
                return token;
            }

            // Never sized from one trial: redo the whole pass with room to spare (ECDSA and token lengths vary).
            if (attempt == MaxAttempts)
            {
                throw new PdfSigningException($"The signature needs {der.Length} bytes, more than the largest reservation tried ({reservation}).");
            }

            reservation = Math.Max(reservation * 2, der.Length + 4096);
            output.SetLength(0);
            output.Position = 0;
        }
    }

    private PdfDictionary SignatureDictionary(PdfSealRequest request, bool certify, PdfPlaceholder byteRange, PdfPlaceholder contents)
    {
        var now = _time.GetUtcNow();
        var value = new PdfDictionary()
            .Set("Type", new PdfName("Sig"))
            .Set("Filter", new PdfName("Adobe.PPKLite"))
            .Set("SubFilter", new PdfName("ETSI.CAdES.detached"))
            .Set("M", PdfString.FromText(string.Create(CultureInfo.InvariantCulture, $"D:{now:yyyyMMddHHmmss}+00'00'")));
        if (request.Reason is { } reason)
        {
            value.Set("Reason", PdfString.FromText(reason));
        }

        if (request.Location is { } location)
        {
            value.Set("Location", PdfString.FromText(location));
        }

        if (certify)
        {
            // ISO 32000-2 §12.8.2.2, Table 257: P=2 keeps form filling and further signatures allowed.
            value.Set("Reference", new PdfArray([new PdfDictionary()
                .Set("Type", new PdfName("SigRef"))
                .Set("TransformMethod", new PdfName("DocMDP"))
                .Set("DigestMethod", new PdfName("SHA256"))
                .Set("TransformParams", new PdfDictionary()
                    .Set("Type", new PdfName("TransformParams"))
                    .Set("P", new PdfInteger(2))
                    .Set("V", new PdfName("1.2")))]));
        }

        return value.Set("ByteRange", byteRange).Set("Contents", contents);
    }

    internal static string ChooseFieldName(PdfReader reader, string? requested, string prefix)
    {
        var taken = new HashSet<string>(reader.FormFields.Select(f => f.FullName), StringComparer.Ordinal);
        if (requested is not null)
        {
            if (requested.Length == 0 || requested.Contains('.', StringComparison.Ordinal))
            {
                throw new PdfSigningException($"Field name '{requested}' is not allowed: it must be non-empty and contain no period (ISO 32000-1 §12.7.3.2).");
            }

            return taken.Contains(requested)
                ? throw new PdfSigningException($"The document already has a field named '{requested}'; choose another name.")
                : requested;
        }

        for (var n = 1; ; n++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}{n}");
            if (!taken.Contains(name))
            {
                return name;
            }
        }
    }

    private static void CheckPermissions(PdfReader reader, bool certify)
    {
        if (certify && reader.FormFields.Any(f => f.IsSignature && f.IsSigned))
        {
            throw new PdfSigningException("Only the first signature may certify (ISO 32000-2 §12.8.2.2), and this document is already signed.");
        }

        // A certification with P=1 forbids every change but DSS and document time-stamps (Table 257).
        var docMdp = reader.Resolve((reader.Resolve(reader.Catalog["Perms"]) as PdfDictionary)?["DocMDP"]) as PdfDictionary;
        var reference = (reader.Resolve(docMdp?["Reference"]) as PdfArray)?.Select(r => reader.Resolve(r) as PdfDictionary)
            .FirstOrDefault(r => r?.GetName("TransformMethod") == "DocMDP");
        var p = reader.Resolve((reader.Resolve(reference?["TransformParams"]) as PdfDictionary)?["P"]) as PdfInteger;
        if (p?.Value == 1)
        {
            throw new PdfSigningException("The document is certified with DocMDP P=1, which allows no further signatures.");
        }
    }

    private static IEnumerable<X509Certificate2> TokenCertificates(byte[] token)
    {
        var cms = new SignedCms();
        cms.Decode(token);
        return cms.Certificates.Cast<X509Certificate2>();
    }

    private static string Describe(PadesLevel level) => level switch
    {
        PadesLevel.BaselineT => "B-T",
        PadesLevel.BaselineLT => "B-LT",
        PadesLevel.BaselineLTA => "B-LTA",
        _ => "B-B",
    };
}
