using Hub.Activities.Seals;
using Hub.Server.Api.Validation;
using Hub.Server.Authorisation;
using Hub.Server.Seals;
using Hub.Server.Seals.Stores;
using Hub.Server.Workflows.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Hub.Server.Api.Seals;

/// <summary>Standing seal grants (印章授权): make, list, read, revoke (effective at once).</summary>
internal static class SealGrantEndpoints
{
    public static IEndpointRouteBuilder MapSealGrantEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/seal-grants").WithTags("Seals");
        group.MapGet("/", ListAsync).WithName("ListSealGrants").WithSummary("Standing grants over seals of the caller's subtrees.")
            .Allow(AccessRule.AnyCaller("only grants over seals of organisations in the caller's subtrees"));
        group.MapPost("/", CreateAsync).WithName("CreateSealGrant")
            .WithSummary("Grant who (person, role, department) the use of a seal for categories, up to an amount, in a window, so many times, after an approval flow.")
            .Validate<CreateSealGrantRequest>().Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the seal's holder"));
        group.MapGet("/{id}", GetAsync).WithName("GetSealGrant").WithSummary("One standing grant with its uses so far.")
            .Allow(AccessRule.Scoped("a caller holding any role over the seal's holder"));
        group.MapPost("/{id}/revoke", RevokeAsync).WithName("RevokeSealGrant").WithSummary("Revoke a grant; no use counts against it from now on.")
            .Validate<SealStatusRequest>().Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the seal's holder"));
        return routes;
    }

    private static async Task<Ok<List<SealGrantResponse>>> ListAsync(Guid? sealId, bool? includeRevoked, Caller caller,
        [AsParameters] SealApiServices services, CancellationToken cancellationToken)
    {
        var grants = await SealGrantStore.ListAsync(services.Db, caller.ReadableRoots, sealId, includeRevoked ?? false, cancellationToken);
        return TypedResults.Ok(grants.Select(SealGrantResponse.From).ToList());
    }

    private static async Task<Results<Created<SealGrantResponse>, ProblemHttpResult>> CreateAsync(CreateSealGrantRequest request, Caller caller,
        [AsParameters] SealApiServices services, CancellationToken cancellationToken)
    {
        var seal = await SealAccess.LoadAsync(services.Db, request.SealId!.Value, caller, SealAccess.Act.Administer, cancellationToken);
        if (seal.Refusal is { } refusal)
        {
            return SealProblems.From(refusal, services.Context, caller);
        }

        if (await GranteeRefusalAsync(request, seal.Value!, services, cancellationToken) is { } grantee)
        {
            return SealProblems.From(grantee, services.Context, caller);
        }

        var now = services.Time.GetUtcNow();
        var created = await SealGrantStore.CreateAsync(services.Db, new SealGrant
        {
            Id = Guid.NewGuid(),
            SealId = seal.Value!.Id,
            GranteeKind = request.GranteeKind!.Value,
            Grantee = request.Grantee!.Trim(),
            Categories = request.Categories?.Distinct(StringComparer.Ordinal).ToArray() ?? [],
            AmountLimit = request.AmountLimit,
            Currency = request.Currency ?? "CNY",
            ValidFrom = request.ValidFrom ?? now,
            ValidUntil = request.ValidUntil,
            MaxUses = request.MaxUses,
            RequiredDefinitionId = request.RequiredDefinitionId?.Trim(),
            AllowsUnattended = request.AllowsUnattended ?? false,
            GrantedBy = caller.Id,
            GrantedAt = now,
        }, cancellationToken);
        return created.Refusal is { } conflict
            ? SealProblems.From(conflict, services.Context, caller)
            : TypedResults.Created($"/api/seal-grants/{created.Value!.Grant.Id}", SealGrantResponse.From(created.Value));
    }

    private static async Task<Results<Ok<SealGrantResponse>, ProblemHttpResult>> GetAsync(Guid id, Caller caller, [AsParameters] SealApiServices services,
        CancellationToken cancellationToken)
    {
        var grant = await LoadAsync(id, caller, administer: false, services, cancellationToken);
        return grant.Refusal is { } refusal ? SealProblems.From(refusal, services.Context, caller) : TypedResults.Ok(SealGrantResponse.From(grant.Value!));
    }

    private static async Task<Results<Ok<SealGrantResponse>, ProblemHttpResult>> RevokeAsync(Guid id, SealStatusRequest request, Caller caller,
        [AsParameters] SealApiServices services, CancellationToken cancellationToken)
    {
        var grant = await LoadAsync(id, caller, administer: true, services, cancellationToken);
        var revoked = grant.Refusal is null
            ? await SealGrantStore.RevokeAsync(services.Db, id, request.Reason!.Trim(), SealApiServices.ActorOf(caller), services.Time.GetUtcNow(), cancellationToken)
            : grant;
        return revoked.Refusal is { } refusal ? SealProblems.From(refusal, services.Context, caller) : TypedResults.Ok(SealGrantResponse.From(revoked.Value!));
    }

    private static async Task<SealOutcome<StoredSealGrant>> LoadAsync(Guid id, Caller caller, bool administer, SealApiServices services,
        CancellationToken cancellationToken)
    {
        var grant = await SealGrantStore.GetAsync(services.Db, id, cancellationToken);
        if (grant is null)
        {
            return SealRefusal.GrantNotFound(id);
        }

        return (administer ? caller.CanAdminister(grant.OrganisationPath) : caller.CanRead(grant.OrganisationPath))
            ? grant
            : new SealRefusal(SealRefusalKind.Forbidden, "out-of-scope", administer
                ? $"Only an HqAdmin or OrgAdmin over the holder of seal {grant.Grant.SealId} may revoke its grants."
                : $"Seal grant {id} is over a seal outside the caller's scope.");
    }

    // A person or department a grant names must be inside the seal holder's subtree: a grant never reaches across entities.
    private static async Task<SealRefusal?> GranteeRefusalAsync(CreateSealGrantRequest request, Seal seal, SealApiServices services,
        CancellationToken cancellationToken)
    {
        switch (request.GranteeKind)
        {
            case GranteeKind.Person when !await SealStore.UserInSubtreeAsync(services.Db, Guid.Parse(request.Grantee!), seal.OrganisationPath, cancellationToken):
                return new SealRefusal(SealRefusalKind.Invalid, "grantee-outside-subtree", $"User {request.Grantee} is not a member of {seal.OrganisationName} or below it.");
            case GranteeKind.Department:
                var path = await OrganisationReads.PathAsync(services.Db, Guid.Parse(request.Grantee!), cancellationToken);
                return path is not null && path.StartsWith(seal.OrganisationPath, StringComparison.Ordinal)
                    ? null
                    : new SealRefusal(SealRefusalKind.Invalid, "grantee-outside-subtree", $"Organisation {request.Grantee} is not {seal.OrganisationName} or below it.");
            default:
                return null;
        }
    }
}
