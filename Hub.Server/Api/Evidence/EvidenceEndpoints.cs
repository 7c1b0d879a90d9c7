using System.Text.RegularExpressions;
using Hub.Activities.Organisations;
using Hub.Server.Api.Validation;
using Hub.Server.Api.Workflows;
using Hub.Server.Authorisation;
using Hub.Server.Evidence;
using Hub.Trust.Timestamps;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace Hub.Server.Api.Evidence;

/// <summary>
/// The evidence chain: a subtree's entries for anyone with a role over it; verifying the whole chain and anchoring its
/// head for HQ administrators only, since both speak for every organisation in the database.
/// </summary>
internal static partial class EvidenceEndpoints
{
    private const int DefaultPage = 100;

    public static IEndpointRouteBuilder MapEvidenceEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/evidence").WithTags("Evidence");
        group.MapGet("/", ListAsync).WithName("ListEvidence")
            .WithSummary("Entries of the evidence chain for an organisation subtree, newest first, filtered by kind, subject and time.")
            .Allow(AccessRule.Scoped("a caller holding any role over the organisation"));
        group.MapGet("/verify", VerifyAsync).WithName("VerifyEvidence")
            .WithSummary("Recompute the whole chain and check every anchor; names the first broken link.")
            .Allow(AccessRule.Scoped("an HqAdmin"));
        group.MapPost("/anchors", AnchorAsync).WithName("AnchorEvidence")
            .WithSummary("Time-stamp the chain's head with the Hub's TSA now (nothing when the head is anchored already).")
            .Allow(AccessRule.Scoped("an HqAdmin"));
        return routes;
    }

    private static async Task<Results<Ok<EvidencePageResponse>, ValidationProblem, ProblemHttpResult>> ListAsync(Guid organisationId, string? kind,
        string? subject, DateTimeOffset? from, DateTimeOffset? to, long? before, int? limit, Caller caller, NpgsqlDataSource db,
        HttpContext context, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        if (kind is not null && !KindPattern().IsMatch(kind))
        {
            errors.Add("kind", "'kind' must be an evidence kind such as decision, verification or seal.");
        }

        if (subject is not null && (subject.Length is 0 or > 300 || subject.Any(char.IsControl)))
        {
            errors.Add("subject", "'subject' must be 1 to 300 characters without control characters.");
        }

        if (from is not null && to is not null && from >= to)
        {
            errors.Add("to", "'to' must be later than 'from'.");
        }

        if (before is < 1)
        {
            errors.Add("before", "'before' must be a seq of 1 or more.");
        }

        if (limit is < 1 or > EvidenceLogReads.MaxPage)
        {
            errors.Add("limit", $"'limit' must be between 1 and {EvidenceLogReads.MaxPage}.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var (path, refusal) = await WorkflowScope.ReadableAsync(db, organisationId, caller, context, cancellationToken);
        if (path is null)
        {
            return refusal!;
        }

        var size = limit ?? DefaultPage;
        var entries = await EvidenceLogReads.ListAsync(db,
            new EvidenceLogReads.Filter(path, kind, subject, from, to, before, size), cancellationToken);
        return TypedResults.Ok(new EvidencePageResponse(entries.Select(EvidenceEntryResponse.Of).ToList(),
            entries.Count == size ? entries[^1].Seq : null));
    }

    private static async Task<Results<Ok<EvidenceReportResponse>, ProblemHttpResult>> VerifyAsync(Caller caller, EvidenceVerification verification,
        HttpContext context, CancellationToken cancellationToken)
    {
        if (RefuseUnlessHqAdmin(caller, context) is { } refusal)
        {
            return refusal;
        }

        return TypedResults.Ok(EvidenceReportResponse.Of(await verification.VerifyAsync(cancellationToken)));
    }

    private static async Task<Results<Created<EvidenceAnchorResponse>, Ok<EvidenceAnchorResponse>, ProblemHttpResult>> AnchorAsync(Caller caller,
        EvidenceAnchoring anchoring, HttpContext context, CancellationToken cancellationToken)
    {
        if (RefuseUnlessHqAdmin(caller, context) is { } refusal)
        {
            return refusal;
        }

        AnchoringResult result;
        try
        {
            result = await anchoring.AnchorAsync(cancellationToken);
        }
        catch (TimestampException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Time-stamp authority failed", detail: e.Message);
        }

        var response = EvidenceAnchorResponse.Of(result);
        return result.Added ? TypedResults.Created("/api/evidence/verify", response) : TypedResults.Ok(response);
    }

    private static ProblemHttpResult? RefuseUnlessHqAdmin(Caller caller, HttpContext context) =>
        caller.Roles.Any(role => role.Role == Role.HqAdmin)
            ? null
            : AccessDenial.Forbidden(context, caller, "Only an HQ administrator may verify or anchor the whole evidence chain.");

    [GeneratedRegex("^[a-z][a-z-]{0,39}$")]
    private static partial Regex KindPattern();
}
