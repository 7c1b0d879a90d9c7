using System.Security.Cryptography;
using Hub.Trust.Reports;
using Hub.Trust.Signing;

namespace Hub.Activities.Evidence;

/// <summary>
/// Produces the evidence report (证据报告): lays out <see cref="EvidenceFacts"/> as a PDF the Hub writes itself
/// (<see cref="ReportPdf"/>: no template and no conversion, since every word of it is the Hub's own facts), and seals
/// it with the platform's own certificate (PAdES B-B, or B-T when the <see cref="PdfSigner"/> has a time-stamp client
/// and the request asks for it), so the report itself is verifiable offline like the document it describes.
/// </summary>
public sealed class EvidenceReportBuilder
{
    private readonly PdfSigner signer;
    private readonly EvidenceReportOptions options;
    private readonly TimeProvider time;

    /// <summary>Creates a builder that seals its reports with <paramref name="signer"/>.</summary>
    public EvidenceReportBuilder(PdfSigner signer, EvidenceReportOptions? options = null, TimeProvider? time = null)
    {
        this.signer = signer;
        this.options = options ?? new EvidenceReportOptions();
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>Builds and seals the report. <paramref name="platformSeal"/> carries the platform certificate and
    /// key; its reason defaults to 证据报告.</summary>
    /// <exception cref="FileNotFoundException">The report font (AR PL UMing, or <see cref="EvidenceReportOptions.FontPath"/>) is missing.</exception>
    /// <exception cref="PdfSigningException">Sealing failed.</exception>
    public async Task<EvidenceReport> BuildAsync(EvidenceFacts facts, PdfSealRequest platformSeal, CancellationToken cancellationToken)
    {
        if (facts.Signatures.Count == 0)
        {
            throw new ArgumentException("An evidence report needs the verifier's verdicts of the sealed document; none were given.", nameof(facts));
        }

        var now = time.GetUtcNow();
        var data = EvidenceReportData.Build(facts, options.PlatformName, now, options.TimeZone);
        var pdf = ReportPdf.Write(EvidenceReportDocument.Compose(data, options.TimeZone), new ReportPdfOptions { FontPath = options.FontPath, CreatedAt = now });
        var request = platformSeal.Reason is null ? With(platformSeal, options.Reason) : platformSeal;
        using var sealedPdf = new MemoryStream();
        var field = await signer.SealAsync(pdf, sealedPdf, request, cancellationToken).ConfigureAwait(false);
        var bytes = sealedPdf.ToArray();
        return new EvidenceReport(bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)), data.GetProperty("document").GetProperty("sha256").GetString()!, field);
    }

    private static PdfSealRequest With(PdfSealRequest request, string reason) => new()
    {
        Certificate = request.Certificate,
        PrivateKey = request.PrivateKey,
        Chain = request.Chain,
        Crls = request.Crls,
        FieldName = request.FieldName,
        Level = request.Level,
        Placement = request.Placement,
        Appearance = request.Appearance,
        Certify = request.Certify,
        Reason = reason,
        Location = request.Location,
        ExtraSignedAttributes = request.ExtraSignedAttributes,
    };
}
