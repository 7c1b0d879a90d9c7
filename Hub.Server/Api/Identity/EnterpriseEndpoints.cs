using Hub.Activities.Identifiers;
using Hub.Activities.Identity;
using Hub.Activities.Identity.Enterprises;
using Hub.Activities.Identity.Persons;
using Hub.Activities.Identity.Signing;
using Hub.Server.Api.Validation;
using Hub.Server.Authorisation;
using Hub.Server.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Hub.Server.Api.Identity;

/// <summary>Enterprise verification: register, verify against the business register, authorisation by the legal representative.</summary>
internal static class EnterpriseEndpoints
{
    public static IEndpointRouteBuilder MapEnterpriseEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/identity/enterprises").WithTags("Identity");
        group.MapPost("/", RegisterAsync).WithName("RegisterEnterprise")
            .WithSummary("Register an enterprise with its legal representative (a registered person) and administrator.")
            .Validate<RegisterEnterpriseRequest>().Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the organisation"));
        group.MapGet("/{id}", GetAsync).WithName("GetEnterprise")
            .WithSummary("An enterprise's verification state.")
            .Allow(AccessRule.Scoped("a caller holding any role over the enterprise's organisation"));
        group.MapPost("/{id}/verifications", VerifyAsync).WithName("VerifyEnterprise")
            .WithSummary("Check the enterprise against the business register, then send the legal representative an authorisation code.")
            .Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the enterprise's organisation"));
        group.MapPost("/{id}/certificates", IssueAsync).WithName("IssueEnterpriseCertificate")
            .WithSummary("Issue a seal certificate to a verified enterprise.")
            .Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the enterprise's organisation"));
        return routes;
    }

    private static async Task<Results<Created<EnterpriseResponse>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        RegisterEnterpriseRequest request, Caller caller, HubDbContext db, PersonRegistry persons, EnterpriseRegistry enterprises,
        HttpContext context, CancellationToken cancellationToken)
    {
        var organisationId = request.OrganisationId!.Value;
        if (await IdentityAccess.RefuseAdministerAsync(db, organisationId, caller, context, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var errors = new RequestErrors();
        var representative = await persons.FindAsync(request.LegalRepresentativeId!.Value, cancellationToken);
        if (representative is null || representative.OrganisationId != organisationId)
        {
            errors.Add("legalRepresentativeId", $"No person {request.LegalRepresentativeId} registered for this organisation.");
        }

        if (!await db.Users.AnyAsync(u => u.Id == request.AdministratorUserId, cancellationToken))
        {
            errors.Add("administratorUserId", $"No user {request.AdministratorUserId}.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        _ = UnifiedSocialCreditCode.TryParse(request.CreditCode, out var code, out _);
        try
        {
            var enterprise = await enterprises.RegisterAsync(organisationId, request.Name!.Trim(), code!,
                representative!.Id, request.AdministratorUserId!.Value, cancellationToken);
            return TypedResults.Created($"/api/identity/enterprises/{enterprise.Id}", EnterpriseResponse.From(enterprise, []));
        }
        catch (IdentityException exception)
        {
            return IdentityProblems.From(exception, context);
        }
    }

    private static async Task<Results<Ok<EnterpriseResponse>, ProblemHttpResult>> GetAsync(Guid id, Caller caller, HubDbContext db,
        PersonRegistry persons, EnterpriseRegistry enterprises, HttpContext context, CancellationToken cancellationToken)
    {
        var enterprise = await enterprises.FindAsync(id, cancellationToken);
        if (enterprise is null)
        {
            return Problems.NotFound($"No enterprise {id}.");
        }

        return await IdentityAccess.RefuseReadAsync(db, enterprise.OrganisationId, caller, context, cancellationToken) is { } refusal
            ? refusal
            : TypedResults.Ok(EnterpriseResponse.From(enterprise, await persons.VerificationsOfAsync(id, cancellationToken)));
    }

    private static async Task<Results<Ok<EnterpriseVerificationResponse>, ProblemHttpResult>> VerifyAsync(Guid id, Caller caller,
        HubDbContext db, EnterpriseRegistry enterprises, HttpContext context, CancellationToken cancellationToken)
    {
        var enterprise = await enterprises.FindAsync(id, cancellationToken);
        if (enterprise is null)
        {
            return Problems.NotFound($"No enterprise {id}.");
        }

        if (await IdentityAccess.RefuseAdministerAsync(db, enterprise.OrganisationId, caller, context, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        try
        {
            var (register, authorisation) = await enterprises.VerifyAsync(enterprise, cancellationToken);
            return TypedResults.Ok(new EnterpriseVerificationResponse(VerificationResponse.From(register),
                authorisation is null ? null : VerificationResponse.From(authorisation)));
        }
        catch (IdentityException exception)
        {
            return IdentityProblems.From(exception, context);
        }
    }

    private static async Task<Results<Created<CertificateResponse>, ProblemHttpResult>> IssueAsync(Guid id, Caller caller, HubDbContext db,
        EnterpriseRegistry enterprises, PartyCertificates certificates, HttpContext context, CancellationToken cancellationToken)
    {
        var enterprise = await enterprises.FindAsync(id, cancellationToken);
        if (enterprise is null)
        {
            return Problems.NotFound($"No enterprise {id}.");
        }

        if (await IdentityAccess.RefuseAdministerAsync(db, enterprise.OrganisationId, caller, context, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        try
        {
            var (record, issued) = await certificates.IssueToEnterpriseAsync(enterprise, cancellationToken);
            return TypedResults.Created($"/api/identity/enterprises/{id}", CertificateResponse.From(record) with { Pem = issued.Certificate.ExportCertificatePem() });
        }
        catch (IdentityException exception)
        {
            return IdentityProblems.From(exception, context);
        }
    }
}
