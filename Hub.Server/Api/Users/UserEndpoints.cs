using Hub.Activities.Organisations;
using Hub.Server.Api.Validation;
using Hub.Server.Authentication;
using Hub.Server.Authorisation;
using Hub.Server.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Hub.Server.Api.Users;

/// <summary>Members and their roles.</summary>
internal static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/users").WithTags("Users");
        group.MapPost("/", CreateAsync).WithName("CreateUser")
            .WithSummary("Register a member with a first password and roles.")
            .Validate<CreateUserRequest>()
            .Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the member's organisation and over every role's organisation; only an HqAdmin grants HqAdmin"));
        group.MapGet("/{id}", GetAsync).WithName("GetUser")
            .WithSummary("One member.")
            .Allow(AccessRule.Scoped("a caller holding any role over the member's organisation"));
        group.MapPost("/{id}/roles", GrantAsync).WithName("GrantRole")
            .WithSummary("Grant a role over an organisation's subtree.")
            .Validate<RoleGrantRequest>()
            .Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the member's organisation and the role's organisation; only an HqAdmin grants HqAdmin"));
        group.MapDelete("/{id}/roles/{assignmentId}", WithdrawAsync).WithName("WithdrawRole")
            .WithSummary("Withdraw a role assignment.")
            .Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the member's organisation and the role's organisation; only an HqAdmin withdraws HqAdmin"));
        return routes;
    }

    private static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateUserRequest request, Caller caller, HubDbContext db, IPasswordHasher<User> hasher, TimeProvider time,
        HttpContext context, CancellationToken cancellationToken)
    {
        var scopeIds = (request.Roles ?? []).Select(r => r!.OrganisationId!.Value).Append(request.OrganisationId!.Value).ToList();
        var organisations = await db.Organisations.Where(o => scopeIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, cancellationToken);
        var errors = new RequestErrors();
        if (!organisations.TryGetValue(request.OrganisationId.Value, out var home))
        {
            errors.Add("organisationId", $"No organisation {request.OrganisationId}.");
        }

        for (var i = 0; i < (request.Roles?.Count ?? 0); i++)
        {
            if (!organisations.ContainsKey(request.Roles![i]!.OrganisationId!.Value))
            {
                errors.Add($"roles[{i}].organisationId", $"No organisation {request.Roles[i]!.OrganisationId}.");
            }
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (!caller.CanAdminister(home!.Path))
        {
            return AccessDenial.Forbidden(context, caller, "Only an administrator over the organisation may register its members.");
        }

        foreach (var grant in request.Roles ?? [])
        {
            if (RefuseGrant(caller, grant!.Role!.Value, organisations[grant.OrganisationId!.Value]) is { } refusal)
            {
                return AccessDenial.Forbidden(context, caller, refusal);
            }
        }

        var lowered = request.UserName!.ToLowerInvariant();
        if (await db.Users.AnyAsync(u => u.UserName.ToLower() == lowered, cancellationToken))
        {
            return Problems.Conflict($"The user name '{request.UserName}' is taken.");
        }

        var now = time.GetUtcNow();
        var user = new User(home, request.UserName, request.DisplayName!.Trim(), now);
        foreach (var grant in (request.Roles ?? []).DistinctBy(g => (g!.Role, g.OrganisationId)))
        {
            user.Grant(grant!.Role!.Value, organisations[grant.OrganisationId!.Value], now);
        }

        db.Users.Add(user);
        db.UserCredentials.Add(new UserCredential(user.Id, hasher.HashPassword(user, request.Password!)));
        if (await Problems.SaveAsync(db, $"The user name '{request.UserName}' was taken at the same time.", cancellationToken) is { } conflict)
        {
            return conflict;
        }

        var created = await UserQueries.ByIdsAsync(db, [user.Id], now, cancellationToken);
        return TypedResults.Created($"/api/users/{user.Id}", created.Single());
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetAsync(Guid id, Caller caller,
        HubDbContext db, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var path = await HomePathAsync(db, id, cancellationToken);
        if (path is null)
        {
            return Problems.NotFound($"No user {id}.");
        }

        if (!caller.CanRead(path))
        {
            return AccessDenial.Forbidden(context, caller, "The user belongs to an organisation outside the caller's scope.");
        }

        var users = await UserQueries.ByIdsAsync(db, [id], time.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(users.Single());
    }

    private static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> GrantAsync(Guid id,
        RoleGrantRequest request, Caller caller, HubDbContext db, TimeProvider time, HttpContext context,
        CancellationToken cancellationToken)
    {
        var user = await db.Users.Include(u => u.Roles).SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
        {
            return Problems.NotFound($"No user {id}.");
        }

        var scope = await db.Organisations.SingleOrDefaultAsync(o => o.Id == request.OrganisationId, cancellationToken);
        if (scope is null)
        {
            var errors = new RequestErrors();
            errors.Add("organisationId", $"No organisation {request.OrganisationId}.");
            return errors.ToProblem();
        }

        var home = await db.Organisations.SingleAsync(o => o.Id == user.OrganisationId, cancellationToken);
        if (!caller.CanAdminister(home.Path))
        {
            return AccessDenial.Forbidden(context, caller, "Only an administrator over the user's organisation may change their roles.");
        }

        if (RefuseGrant(caller, request.Role!.Value, scope) is { } refusal)
        {
            return AccessDenial.Forbidden(context, caller, refusal);
        }

        if (user.Roles.Any(r => r.Role == request.Role && r.OrganisationId == scope.Id))
        {
            return Problems.Conflict($"{user.UserName} already holds {request.Role} over {scope.Name}.");
        }

        user.Grant(request.Role.Value, scope, time.GetUtcNow());
        if (await Problems.SaveAsync(db, "The same role was granted at the same time.", cancellationToken) is { } conflict)
        {
            return conflict;
        }

        var users = await UserQueries.ByIdsAsync(db, [id], time.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(users.Single());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> WithdrawAsync(Guid id, Guid assignmentId,
        Caller caller, HubDbContext db, HttpContext context, CancellationToken cancellationToken)
    {
        var user = await db.Users.Include(u => u.Roles).SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        var assignment = user?.Roles.SingleOrDefault(r => r.Id == assignmentId);
        if (user is null || assignment is null)
        {
            return Problems.NotFound(user is null ? $"No user {id}." : $"The user holds no role assignment {assignmentId}.");
        }

        var paths = await db.Organisations.Where(o => o.Id == user.OrganisationId || o.Id == assignment.OrganisationId)
            .ToDictionaryAsync(o => o.Id, cancellationToken);
        if (!caller.CanAdminister(paths[user.OrganisationId].Path))
        {
            return AccessDenial.Forbidden(context, caller, "Only an administrator over the user's organisation may change their roles.");
        }

        if (RefuseGrant(caller, assignment.Role, paths[assignment.OrganisationId]) is { } refusal)
        {
            return AccessDenial.Forbidden(context, caller, refusal);
        }

        user.Withdraw(assignmentId);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Why the caller may not grant or withdraw this role over this organisation, or null.</summary>
    private static string? RefuseGrant(Caller caller, Role role, Organisation scope)
    {
        if (!caller.CanAdminister(scope.Path))
        {
            return $"The caller does not administer {scope.Name}, so cannot grant or withdraw roles over it.";
        }

        return role == Role.HqAdmin && !caller.Holds(Role.HqAdmin, scope.Path)
            ? "Only an HqAdmin may grant or withdraw HqAdmin."
            : null;
    }

    private static Task<string?> HomePathAsync(HubDbContext db, Guid userId, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.Id == userId)
            .Join(db.Organisations, u => u.OrganisationId, o => o.Id, (u, o) => o.Path)
            .SingleOrDefaultAsync(cancellationToken);
}
