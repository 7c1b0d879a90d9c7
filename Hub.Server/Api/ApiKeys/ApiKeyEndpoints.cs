using Hub.Server.Api.Organisations;
using Hub.Server.Api.Validation;
using Hub.Server.Authentication;
using Hub.Server.Authorisation;
using Hub.Server.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Hub.Server.Api.ApiKeys;

/// <summary>Keys for systems that call the Hub with signed requests.</summary>
internal static class ApiKeyEndpoints
{
    public static IEndpointRouteBuilder MapApiKeyEndpoints(this IEndpointRouteBuilder routes)
    {
        var byOrganisation = routes.MapGroup("/api/organisations/{id}/api-keys").WithTags("API keys");
        byOrganisation.MapGet("/", ListAsync).WithName("ListApiKeys")
            .WithSummary("Keys issued for the organisation (without secrets).")
            .Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the organisation"));
        byOrganisation.MapPost("/", IssueAsync).WithName("IssueApiKey")
            .WithSummary("Issue a key; the secret is returned once.")
            .Validate<CreateApiKeyRequest>()
            .Allow(AccessRule.Scoped("a person who is HqAdmin or OrgAdmin over the organisation"));
        routes.MapGroup("/api/api-keys").WithTags("API keys")
            .MapDelete("/{keyId}", RevokeAsync).WithName("RevokeApiKey")
            .WithSummary("Revoke a key; signed requests with it are refused from now on.")
            .Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the key's organisation"));
        return routes;
    }

    private static async Task<Results<Ok<List<ApiKeyResponse>>, ProblemHttpResult>> ListAsync(Guid id, Caller caller,
        HubDbContext db, HttpContext context, CancellationToken cancellationToken)
    {
        var (organisation, refusal) = await OrganisationAccess.AdministerAsync(db, id, caller, context,
            "Only an administrator over the organisation may see its API keys.", cancellationToken);
        if (organisation is null)
        {
            return refusal!;
        }

        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.OrganisationId == id).OrderBy(k => k.CreatedAt)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(keys.Select(ApiKeyResponse.From).ToList());
    }

    private static async Task<Results<Created<IssuedApiKeyResponse>, ProblemHttpResult>> IssueAsync(Guid id,
        CreateApiKeyRequest request, Caller caller, HubDbContext db, ApiKeySecrets secrets, TimeProvider time,
        HttpContext context, CancellationToken cancellationToken)
    {
        const string refusal = "Only a person administering the organisation may issue its API keys.";
        if (caller.Kind != CallerKind.Person)
        {
            return AccessDenial.Forbidden(context, caller, refusal);
        }

        var (organisation, denied) = await OrganisationAccess.AdministerAsync(db, id, caller, context, refusal, cancellationToken);
        if (organisation is null)
        {
            return denied!;
        }

        var (secret, protectedSecret) = secrets.NewSecret();
        var roles = request.Roles!.Distinct().ToArray();
        var key = new ApiKey(ApiKeySecrets.NewKeyId(), id, request.Name!.Trim(), protectedSecret, roles, caller.Id,
            time.GetUtcNow());
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/organisations/{id}/api-keys",
            new IssuedApiKeyResponse(key.KeyId, secret, id, key.Name, roles, key.CreatedAt));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string keyId, Caller caller,
        HubDbContext db, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var key = keyId.Length <= 32
            ? await db.ApiKeys.SingleOrDefaultAsync(k => k.KeyId == keyId, cancellationToken)
            : null;
        if (key is null)
        {
            return Problems.NotFound($"No API key '{(keyId.Length <= 32 ? keyId : keyId[..32] + "…")}'.");
        }

        var path = await db.Organisations.Where(o => o.Id == key.OrganisationId).Select(o => o.Path).SingleAsync(cancellationToken);
        if (!caller.CanAdminister(path))
        {
            return AccessDenial.Forbidden(context, caller, "Only an administrator over the key's organisation may revoke it.");
        }

        if (key.IsRevoked)
        {
            return Problems.Conflict($"API key {key.KeyId} is already revoked.");
        }

        key.Revoke(time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
