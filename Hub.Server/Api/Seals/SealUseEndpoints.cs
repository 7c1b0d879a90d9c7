using Hub.Server.Authorisation;
using Hub.Server.Seals;
using Hub.Server.Seals.Stores;
using Hub.Server.Workflows.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Server.Api.Seals;

/// <summary>The seal-use ledger (JSON pages or CSV) and the group dashboard, both within the caller's subtrees.</summary>
internal static class SealUseEndpoints
{
    private const int MaxPage = 500;
    private const int MaxCsvRows = 100_000;

    public static IEndpointRouteBuilder MapSealUseEndpoints(this IEndpointRouteBuilder routes)
    {
        var uses = routes.MapGroup("/api/seal-uses").WithTags("Seals");
        uses.MapGet("/", ListAsync).WithName("ListSealUses")
            .WithSummary("The seal-use ledger, newest first, filtered by organisation subtree, seal, person and time; ?format=csv exports it (UTF-8 with BOM).")
            .Allow(AccessRule.AnyCaller("only uses of seals held in the caller's subtrees; an organisation outside them is refused"));
        routes.MapGet("/api/seal-dashboard", DashboardAsync).WithTags("Seals").WithName("GetSealDashboard")
            .WithSummary("Group dashboard figures: uses per seal and per entity, unattended uses, emergencies, frozen seals, and figures other modules add.")
            .Allow(AccessRule.AnyCaller("figures of the caller's subtrees only; an organisation outside them is refused"));
        return routes;
    }

    private static async Task<Results<Ok<SealUsePage>, FileContentHttpResult, ProblemHttpResult>> ListAsync(Guid? organisationId, Guid? sealId,
        Guid? personId, Guid? instanceId, DateTimeOffset? from, DateTimeOffset? until, int? offset, int? limit, string? format, Caller caller,
        [AsParameters] SealApiServices services, CancellationToken cancellationToken)
    {
        var csv = format switch
        {
            null or "json" => false,
            "csv" => true,
            _ => (bool?)null,
        };
        var max = csv == true ? MaxCsvRows : MaxPage;
        if (csv is null || offset is < 0 || limit is < 1 || limit > max)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request",
                detail: $"format is json or csv, offset at least 0, limit 1 to {max}.");
        }

        var subtree = await SubtreeAsync(organisationId, caller, services, cancellationToken);
        if (subtree.Refusal is { } refusal)
        {
            return refusal;
        }

        var query = new SealUseQuery
        {
            Roots = [.. caller.ReadableRoots],
            SubtreePath = subtree.Path,
            SealId = sealId,
            PersonId = personId,
            InstanceId = instanceId,
            From = from,
            Until = until,
            Offset = offset ?? 0,
            Limit = limit ?? (csv == true ? MaxCsvRows : 100),
        };
        var (rows, more) = await SealLedgerStore.QueryAsync(services.Db, query, cancellationToken);
        return csv == true
            ? TypedResults.File(SealLedgerCsv.Write(rows), "text/csv; charset=utf-8", $"seal-uses-{services.Time.GetUtcNow():yyyyMMdd-HHmmss}.csv")
            : TypedResults.Ok(new SealUsePage([.. rows.Select(SealUseResponse.From)], query.Offset, query.Limit, more));
    }

    private static async Task<Results<Ok<SealDashboardResponse>, ProblemHttpResult>> DashboardAsync(Guid? organisationId, DateTimeOffset? from,
        DateTimeOffset? until, Caller caller, [AsParameters] SealApiServices services, CancellationToken cancellationToken)
    {
        var subtree = await SubtreeAsync(organisationId, caller, services, cancellationToken);
        if (subtree.Refusal is { } refusal)
        {
            return refusal;
        }

        var scope = new SealDashboardScope([.. caller.ReadableRoots], subtree.Path, from, until);
        var seals = await SealDashboardStore.PerSealAsync(services.Db, scope, cancellationToken);
        var entities = await SealDashboardStore.PerEntityAsync(services.Db, scope, cancellationToken);
        var figures = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var source in services.Context.RequestServices.GetServices<ISealDashboardFigures>())
        {
            foreach (var (name, count) in await source.CountAsync(scope, cancellationToken))
            {
                figures[name] = count;
            }
        }

        return TypedResults.Ok(new SealDashboardResponse(seals.Sum(s => s.Uses), seals.Sum(s => s.Unattended), seals.Sum(s => s.Emergencies),
            seals.Count(s => s.Status == "Frozen"), seals, entities, figures));
    }

    private static async Task<(string? Path, ProblemHttpResult? Refusal)> SubtreeAsync(Guid? organisationId, Caller caller, SealApiServices services,
        CancellationToken cancellationToken)
    {
        if (organisationId is not { } id)
        {
            return (null, null);
        }

        var path = await OrganisationReads.PathAsync(services.Db, id, cancellationToken);
        return path is null ? (null, Problems.NotFound($"No organisation {id}."))
            : caller.CanRead(path) ? (path, null)
            : (null, AccessDenial.Forbidden(services.Context, caller, $"Organisation {id} is outside the caller's scope."));
    }
}
