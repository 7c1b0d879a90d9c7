using System.Security.Cryptography;
using System.Text.Json;
using Hub.Activities.Evidence.Chain;
using Hub.Server.Authorisation;
using Hub.Server.Cli.Pdf;
using Hub.Server.Trust;
using Hub.Trust.Pdf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Hub.Server.Api.Trust;

/// <summary>
/// <c>POST /api/pdf/verify</c>: the report of <c>hub pdf verify</c> for a posted PDF — every signature and, per seal,
/// who approved what under which grant and policy — against the Hub's CA. It reads only the posted bytes, so it needs
/// no organisation scope; the verification itself is an act of the evidence chain (the file's SHA-256, who asked, and
/// what was found), in the caller's own organisation.
/// </summary>
internal static class PdfVerifyEndpoints
{
    /// <summary>The largest PDF verified, in bytes (below Kestrel's default 30,000,000-byte request limit).</summary>
    public const int MaxPdfBytes = 25 * 1024 * 1024;

    public static IEndpointRouteBuilder MapPdfVerifyEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/pdf/verify", VerifyAsync).WithName("VerifyPdf").WithTags("Trust")
            .WithSummary("Verify a PDF's seals and their approval statements; the body is the PDF (application/pdf).")
            // No .Accepts(...): routing would answer a wrong media type with its generic "send application/json".
            .Allow(AccessRule.AnyCaller("the report covers only the posted file"));
        return routes;
    }

    private static async Task<Results<JsonHttpResult<PdfVerification>, ProblemHttpResult>> VerifyAsync(
        HttpContext context, Caller caller, HubTrust trust, IEvidenceLog evidence, TimeProvider time, CancellationToken cancellationToken)
    {
        var mediaType = context.Request.ContentType?.Split(';')[0].Trim();
        if (!string.Equals(mediaType, "application/pdf", StringComparison.OrdinalIgnoreCase) && !string.Equals(mediaType, "application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: "Send the PDF itself as the body, as application/pdf.");
        }

        if (context.Request.ContentLength > MaxPdfBytes)
        {
            return TooLarge();
        }

        var pdf = await ReadBodyAsync(context.Request.Body, cancellationToken);
        if (pdf is null)
        {
            return TooLarge();
        }

        // Read-only: a Hub whose CA does not exist yet trusts nothing, rather than creating one for a verification.
        var chain = await trust.Authority.GetChainAsync(cancellationToken);
        try
        {
            var report = PdfVerification.Run("request body", pdf, chain is null ? [] : [chain.Root], time);
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(pdf));
            await evidence.AppendAsync(new EvidenceAct(EvidenceKinds.Verification, caller.ReadableRoots.OrderBy(p => p.Length).FirstOrDefault() ?? "/",
                caller.Kind == CallerKind.Person ? caller.Id : null, "pdf:" + sha256, JsonSerializer.SerializeToElement(new
                {
                    act = "pdf-verify", size = pdf.Length, ok = report.Ok, signatures = report.Signatures.Count,
                    acceptable = report.Signatures.Count(s => s.Acceptable), by = caller.ToString(),
                })), cancellationToken);
            return TypedResults.Json(report, PdfVerifyReport.JsonOptions);
        }
        catch (PdfFormatException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Not a readable PDF", detail: e.Message);
        }
    }

    private static async Task<byte[]?> ReadBodyAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxPdfBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large", detail: $"A PDF to verify is at most {MaxPdfBytes} bytes.");
}
