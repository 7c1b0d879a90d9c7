using Hub.Server.Api.Validation;
using Hub.Server.Api.Workflows;
using Hub.Server.Authorisation;
using Hub.Server.Documents;
using Hub.Server.Trust;
using Hub.Trust.Pdf;
using Hub.Trust.Verification;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace Hub.Server.Api.Documents;

/// <summary>
/// The documents the Hub holds: search, one record with its signatures verified, and download (recorded in the
/// evidence chain before the bytes go out). Every call is scoped to the caller's organisation subtrees.
/// </summary>
internal static class DocumentEndpoints
{
    private const int MaxPageSize = 200;
    private static readonly string[] Statuses = ["generated", "sealed", "evidence-report", "archived"];

    public static IEndpointRouteBuilder MapDocumentEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/documents").WithTags("Documents");
        group.MapGet("/", SearchAsync).WithName("SearchDocuments")
            .WithSummary("Documents of the caller's subtrees, filtered by organisation subtree, category, counterparty, status, time and title; newest first, paged.")
            .Allow(AccessRule.AnyCaller("only documents of organisations in the caller's subtrees are listed"));
        group.MapGet("/{id}", GetAsync).WithName("GetDocument").WithSummary("One document's record, with every PDF signature verified; the view is entered in the evidence chain.")
            .Allow(AccessRule.Scoped("a caller holding any role over the document's organisation"));
        group.MapGet("/{id}/content", DownloadAsync).WithName("DownloadDocument")
            .WithSummary("The document's bytes; each download is entered in the evidence chain first.")
            .Allow(AccessRule.Scoped("a caller holding any role over the document's organisation"));
        return routes;
    }

    private static async Task<Results<Ok<DocumentPage>, ValidationProblem, ProblemHttpResult>> SearchAsync(Guid? organisationId, string? category,
        string? counterparty, string? status, DateTimeOffset? from, DateTimeOffset? to, string? q, int? page, int? pageSize, Caller caller,
        NpgsqlDataSource db, DocumentRecordStore records, HttpContext context, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        if (status is not null && !Statuses.Contains(status, StringComparer.Ordinal))
        {
            errors.Add("status", $"'status' must be one of {string.Join(", ", Statuses)}.");
        }

        if (page is < 1)
        {
            errors.Add("page", "'page' counts from 1.");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", $"'pageSize' must be between 1 and {MaxPageSize}.");
        }

        if (from is not null && to is not null && from >= to)
        {
            errors.Add("to", "'to' must be later than 'from'.");
        }

        foreach (var (field, value) in new[] { ("category", category), ("counterparty", counterparty), ("q", q) })
        {
            if (value is { Length: > 300 })
            {
                errors.Add(field, $"'{field}' must be at most 300 characters.");
            }
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        string? subtree = null;
        if (organisationId is { } wanted)
        {
            var (path, refusal) = await WorkflowScope.ReadableAsync(db, wanted, caller, context, cancellationToken);
            if (path is null)
            {
                return refusal!;
            }

            subtree = path;
        }

        var query = new DocumentQuery
        {
            OrganisationPath = subtree, Category = Blank(category), Counterparty = Blank(counterparty), Status = status, From = from, Before = to,
            TitleContains = Blank(q), Page = page ?? 1, PageSize = pageSize ?? 50,
        };
        var (found, total) = await records.SearchAsync(caller.ReadableRoots.ToList(), query, cancellationToken);
        return TypedResults.Ok(new DocumentPage(found.Select(r => DocumentResponse.From(r)).ToList(), query.Page, query.PageSize, total));
    }

    private static async Task<Results<Ok<DocumentResponse>, ProblemHttpResult>> GetAsync(string id, Caller caller, DocumentRecordStore records,
        HubDocumentWorkspace workspace, DocumentDownloads downloads, HubTrust trust, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var record = await records.FindAsync(id, cancellationToken);
        if (record is null)
        {
            return Problems.NotFound($"No document {id}.");
        }

        if (!caller.CanRead(record.OrganisationPath))
        {
            return AccessDenial.Forbidden(context, caller, "The document's organisation is outside the caller's scope.");
        }

        var content = await workspace.GetAsync(id, cancellationToken);
        IReadOnlyList<SignatureResponse> signatures = [];
        string? verificationError = null;
        if (DocumentDownloads.ContentType(content) == "application/pdf")
        {
            var chain = await trust.EnsureAuthorityAsync(cancellationToken);
            try
            {
                signatures = new PdfSignatureVerifier(new PdfVerificationOptions { TrustAnchors = [chain.Root], Time = time }).Verify(content)
                    .Select(SignatureResponse.From).ToList();
            }
            catch (PdfFormatException e)
            {
                // A PDF the reader cannot parse has no signature it can vouch for; the record is still the caller's to see.
                verificationError = e.Message;
            }
        }

        await downloads.RecordViewAsync(record, caller.Kind == CallerKind.Person ? caller.Id : null, "api", caller.ToString(), signatures.Count,
            signatures.Count(s => s.Acceptable), verificationError, cancellationToken);
        return TypedResults.Ok(DocumentResponse.From(record, signatures, verificationError));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadAsync(string id, Caller caller, DocumentRecordStore records,
        DocumentDownloads downloads, HttpContext context, CancellationToken cancellationToken)
    {
        var record = await records.FindAsync(id, cancellationToken);
        if (record is null)
        {
            return Problems.NotFound($"No document {id}.");
        }

        if (!caller.CanRead(record.OrganisationPath))
        {
            return AccessDenial.Forbidden(context, caller, "The document's organisation is outside the caller's scope.");
        }

        var content = await downloads.DownloadAsync(record, caller.Kind == CallerKind.Person ? caller.Id : null, "api", caller.ToString(), cancellationToken);
        // The file name travels as filename= (ASCII fallback) and filename*=UTF-8''… (RFC 6266, RFC 5987), so Chinese names survive.
        return TypedResults.File(content, DocumentDownloads.ContentType(content), record.FileName);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
