using Hub.Activities.Organisations;
using Hub.Server.Api.Users;
using Hub.Server.Api.Validation;
using Hub.Server.Authorisation;
using Hub.Server.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Hub.Server.Api.Organisations;

/// <summary>The group tree: read within the caller's subtrees, extended by administrators.</summary>
internal static class OrganisationEndpoints
{
    public static IEndpointRouteBuilder MapOrganisationEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/organisations").WithTags("Organisations");
        group.MapGet("/", ListAsync).WithName("ListOrganisations")
            .WithSummary("Every organisation in the caller's subtrees.")
            .Allow(AccessRule.AnyCaller("returns only organisations inside the caller's role scopes"));
        group.MapGet("/{id}", GetAsync).WithName("GetOrganisation")
            .WithSummary("One organisation.")
            .Allow(AccessRule.Scoped("a caller holding any role over the organisation"));
        group.MapPost("/", CreateAsync).WithName("CreateOrganisation")
            .WithSummary("Add a subsidiary or department.")
            .Validate<CreateOrganisationRequest>()
            .Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the parent organisation"));
        group.MapGet("/{id}/users", ListUsersAsync).WithName("ListOrganisationUsers")
            .WithSummary("Members of the organisation and everything below it.")
            .Allow(AccessRule.Scoped("a caller holding any role over the organisation"));
        return routes;
    }

    private static async Task<Ok<List<OrganisationResponse>>> ListAsync(Caller caller, HubDbContext db,
        CancellationToken cancellationToken)
    {
        var visible = new Dictionary<Guid, Organisation>();
        foreach (var root in caller.ReadableRoots)
        {
            foreach (var organisation in await db.Organisations.AsNoTracking()
                         .Where(o => o.Path.StartsWith(root)).ToListAsync(cancellationToken))
            {
                visible.TryAdd(organisation.Id, organisation);
            }
        }

        return TypedResults.Ok(visible.Values.OrderBy(o => o.Path.Length).ThenBy(o => o.Name, StringComparer.Ordinal)
            .Select(OrganisationResponse.From).ToList());
    }

    private static async Task<Results<Ok<OrganisationResponse>, ProblemHttpResult>> GetAsync(
        Guid id, Caller caller, HubDbContext db, HttpContext context, CancellationToken cancellationToken)
    {
        var (organisation, refusal) = await OrganisationAccess.ReadAsync(db, id, caller, context, cancellationToken);
        return organisation is null ? refusal! : TypedResults.Ok(OrganisationResponse.From(organisation));
    }

    private static async Task<Results<Created<OrganisationResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateOrganisationRequest request, Caller caller, HubDbContext db, TimeProvider time, HttpContext context,
        CancellationToken cancellationToken)
    {
        var parent = await db.Organisations.SingleOrDefaultAsync(o => o.Id == request.ParentId, cancellationToken);
        var errors = new RequestErrors();
        if (parent is null)
        {
            errors.Add("parentId", $"No organisation {request.ParentId}.");
            return errors.ToProblem();
        }

        if (!caller.CanAdminister(parent.Path))
        {
            return AccessDenial.Forbidden(context, caller, "Only an administrator over the parent organisation may add below it.");
        }

        if (parent.RefuseChild(request.Kind!.Value) is { } refusal)
        {
            errors.Add("kind", refusal);
            return errors.ToProblem();
        }

        if (request.CreditCode is not null &&
            await db.Organisations.AnyAsync(o => o.CreditCode == request.CreditCode, cancellationToken))
        {
            return Problems.Conflict($"An organisation with credit code {request.CreditCode} is already registered.");
        }

        var child = parent.AddChild(request.Kind.Value, request.Name!.Trim(), request.CreditCode,
            request.LegalRepresentative?.Trim(), time.GetUtcNow());
        db.Organisations.Add(child);
        if (await Problems.SaveAsync(db, "An organisation with that credit code was registered at the same time.",
                cancellationToken) is { } conflict)
        {
            return conflict;
        }

        return TypedResults.Created($"/api/organisations/{child.Id}", OrganisationResponse.From(child));
    }

    private static async Task<Results<Ok<List<UserResponse>>, ProblemHttpResult>> ListUsersAsync(
        Guid id, Caller caller, HubDbContext db, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var (organisation, refusal) = await OrganisationAccess.ReadAsync(db, id, caller, context, cancellationToken);
        if (organisation is null)
        {
            return refusal!;
        }

        var users = await UserQueries.InSubtreeAsync(db, organisation.Path, time.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(users);
    }
}
