using System.Text;
using Hub.Server.Authorisation;
using Hub.Server.Trust;
using Hub.Trust.Timestamps;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Hub.Server.Api.Trust;

/// <summary>
/// What relying parties need without an account: the RFC 3161 time-stamping service, the CA chain and its CRL.
/// </summary>
internal static class TrustEndpoints
{
    /// <summary>A TimeStampReq is a few hundred bytes; anything much larger is not one.</summary>
    private const int MaxRequestBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapTrustEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/tsa", TimestampAsync).WithName("Timestamp").WithTags("Trust")
            .WithSummary("RFC 3161 time-stamping: application/timestamp-query in, application/timestamp-reply out.")
            .Accepts<byte[]>(TimestampAuthority.RequestContentType)
            .Allow(AccessRule.Everyone("a time-stamping authority serves any relying party (RFC 3161)"));
        routes.MapGet("/ca/chain.pem", ChainAsync).WithName("CertificateChain").WithTags("Trust")
            .WithSummary("The root and issuing CA certificates (PEM): the trust anchors for verifying seals.")
            .Allow(AccessRule.Everyone("trust anchors are public"));
        routes.MapGet("/ca/crl", CrlAsync).WithName("CertificateRevocationList").WithTags("Trust")
            .WithSummary("The issuing CA's current CRL (DER).")
            .Allow(AccessRule.Everyone("revocation lists are public"));
        return routes;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> TimestampAsync(HttpContext context,
        HubTrust trust, CancellationToken cancellationToken)
    {
        if (!string.Equals(context.Request.ContentType, TimestampAuthority.RequestContentType, StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: $"Send a DER TimeStampReq as {TimestampAuthority.RequestContentType}.");
        }

        if (context.Request.ContentLength > MaxRequestBytes)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large",
                detail: $"A time-stamp request is at most {MaxRequestBytes} bytes.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxRequestBytes)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large",
                    detail: $"A time-stamp request is at most {MaxRequestBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        var tsa = await trust.TimestampAuthorityAsync(cancellationToken);
        // Malformed or refused requests still get a TimeStampResp (with a rejection status), as RFC 3161 §2.4.2 asks.
        var response = await tsa.RespondAsync(buffer.ToArray(), cancellationToken);
        return TypedResults.File(response, TimestampAuthority.ResponseContentType);
    }

    private static async Task<FileContentHttpResult> ChainAsync(HubTrust trust, CancellationToken cancellationToken)
    {
        var chain = await trust.EnsureAuthorityAsync(cancellationToken);
        var pem = chain.Issuing.ExportCertificatePem() + "\n" + chain.Root.ExportCertificatePem() + "\n";
        return TypedResults.File(Encoding.ASCII.GetBytes(pem), "application/x-pem-file", "hub-ca-chain.pem");
    }

    private static async Task<FileContentHttpResult> CrlAsync(HubTrust trust, CancellationToken cancellationToken)
    {
        return TypedResults.File(await trust.CurrentCrlAsync(cancellationToken), "application/pkix-crl", "hub-issuing-ca.crl");
    }
}
