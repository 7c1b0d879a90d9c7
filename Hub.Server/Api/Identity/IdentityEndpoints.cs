using Hub.Activities.Identifiers;
using Hub.Activities.Identity;
using Hub.Activities.Identity.Persons;
using Hub.Activities.Identity.Signing;
using Hub.Activities.Identity.Verification;
using Hub.Server.Api.Validation;
using Hub.Server.Authorisation;
using Hub.Server.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Hub.Server.Api.Identity;

/// <summary>Real-name verification of persons: register, verify, list state, certificates, personal signatures, erasure.</summary>
internal static class IdentityEndpoints
{
    public static IEndpointRouteBuilder MapIdentityEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/identity").WithTags("Identity");
        group.MapPost("/check-id", CheckId).WithName("CheckResidentIdNumber")
            .WithSummary("Check a resident ID number (GB 11643): answers validity and the masked form, never the number.")
            .Validate<CheckIdRequest>().Allow(AccessRule.AnyCaller("pure check, nothing is stored"));
        group.MapPost("/check-uscc", CheckCreditCode).WithName("CheckCreditCode")
            .WithSummary("Check a unified social credit code (GB 32100).")
            .Validate<CheckCreditCodeRequest>().Allow(AccessRule.AnyCaller("pure check, nothing is stored"));
        group.MapGet("/persons", ListAsync).WithName("ListPersons")
            .WithSummary("Persons registered by an organisation, with their verification state (masked).")
            .Allow(AccessRule.Scoped("a caller holding any role over the organisation"));
        group.MapPost("/persons", RegisterAsync).WithName("RegisterPerson")
            .WithSummary("Register a person: name, ID number and mobile, stored encrypted.")
            .Validate<RegisterPersonRequest>().Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the organisation"));
        group.MapGet("/persons/{id}", GetAsync).WithName("GetPerson")
            .WithSummary("A person's verification state, verifications and certificates.")
            .Allow(AccessRule.Scoped("a caller holding any role over the person's organisation"));
        group.MapPut("/persons/{id}", ChangeAsync).WithName("ChangePerson")
            .WithSummary("Change name, ID number or mobile; a change resets the person to unverified.")
            .Validate<PersonDetailsRequest>().Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the person's organisation"));
        group.MapDelete("/persons/{id}", EraseAsync).WithName("ErasePerson")
            .WithSummary("Erase a person: their data key is shredded; their signatures stay verifiable.")
            .Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the person's organisation"));
        group.MapPost("/persons/{id}/verifications", StartAsync).WithName("StartVerification")
            .WithSummary("Start a verification (three elements, network identity, face, SMS code, UKey), or a fresh authentication for a signature.")
            .Validate<StartVerificationRequest>().Allow(AccessRule.Scoped("the person's own user, or an administrator over their organisation"));
        group.MapPost("/verifications/{id}/complete", CompleteAsync).WithName("CompleteVerification")
            .WithSummary("Answer a pending verification: the SMS code, the UKey signature, or a network identity check.")
            .Validate<CompleteVerificationRequest>().Allow(AccessRule.Scoped("the person's own user, or an administrator over their organisation"));
        group.MapPost("/persons/{id}/certificates", IssueAsync).WithName("IssuePersonCertificate")
            .WithSummary("Issue a personal certificate to a verified person (pseudonymous subject): for a key the Hub creates, or for the key of a PKCS#10 request from the person's UKey.")
            .Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the person's organisation"));
        group.MapPost("/persons/{id}/signatures", SignAsync).WithName("SignWithPersonalKey")
            .WithSummary("Sign a document digest with the person's key, consuming a fresh authentication made for it.")
            .Validate<PersonalSignatureRequest>().Allow(AccessRule.Scoped("the person's own user, or an administrator over their organisation"));
        return routes;
    }

    private static Ok<IdentifierCheckResponse> CheckId(CheckIdRequest request, TimeProvider time) =>
        TypedResults.Ok(ResidentIdNumber.TryParse(request.Number, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), out var number, out var problem)
            ? new IdentifierCheckResponse(true, number!.Masked, null, number.BirthDate)
            : new IdentifierCheckResponse(false, null, problem));

    private static Ok<IdentifierCheckResponse> CheckCreditCode(CheckCreditCodeRequest request) =>
        TypedResults.Ok(UnifiedSocialCreditCode.TryParse(request.Code, out var code, out var problem)
            ? new IdentifierCheckResponse(true, code!.Value, null)
            : new IdentifierCheckResponse(false, null, problem));

    private static async Task<Results<Ok<List<PersonResponse>>, ValidationProblem, ProblemHttpResult>> ListAsync(Guid? organisationId,
        Caller caller, HubDbContext db, PersonRegistry persons, HttpContext context, CancellationToken cancellationToken)
    {
        if (organisationId is null)
        {
            var errors = new RequestErrors();
            errors.Add("organisationId", "'organisationId' is required.");
            return errors.ToProblem();
        }

        if (await IdentityAccess.RefuseReadAsync(db, organisationId.Value, caller, context, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var registered = await persons.PersonsOfAsync(organisationId.Value, cancellationToken);
        return TypedResults.Ok(registered.Select(p => PersonResponse.From(p, [], [])).ToList());
    }

    private static async Task<Results<Created<PersonResponse>, ProblemHttpResult>> RegisterAsync(RegisterPersonRequest request,
        Caller caller, HubDbContext db, PersonRegistry persons, HttpContext context, CancellationToken cancellationToken)
    {
        if (await IdentityAccess.RefuseAdministerAsync(db, request.OrganisationId!.Value, caller, context, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        if (request.UserId is { } userId && !await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
        {
            return Problems.NotFound($"No user {userId}.");
        }

        try
        {
            var person = await persons.RegisterAsync(request.OrganisationId.Value, request.UserId,
                Details(request.Name!, request.IdNumber!, request.Mobile!), cancellationToken);
            return TypedResults.Created($"/api/identity/persons/{person.Id}", PersonResponse.From(person, [], []));
        }
        catch (IdentityException exception)
        {
            return IdentityProblems.From(exception, context);
        }
    }

    private static async Task<Results<Ok<PersonResponse>, ProblemHttpResult>> GetAsync(Guid id, Caller caller, HubDbContext db,
        PersonRegistry persons, HttpContext context, CancellationToken cancellationToken)
    {
        var person = await persons.FindAsync(id, cancellationToken);
        if (person is null)
        {
            return Problems.NotFound($"No person {id}.");
        }

        return await IdentityAccess.RefuseReadAsync(db, person.OrganisationId, caller, context, cancellationToken) is { } refusal
            ? refusal
            : TypedResults.Ok(PersonResponse.From(person, await persons.VerificationsOfAsync(id, cancellationToken),
                await persons.CertificatesOfAsync(id, cancellationToken)));
    }

    private static async Task<Results<Ok<PersonResponse>, ProblemHttpResult>> ChangeAsync(Guid id, PersonDetailsRequest request,
        Caller caller, HubDbContext db, PersonRegistry persons, HttpContext context, CancellationToken cancellationToken)
    {
        var person = await persons.FindAsync(id, cancellationToken);
        if (person is null)
        {
            return Problems.NotFound($"No person {id}.");
        }

        if (await IdentityAccess.RefuseAdministerAsync(db, person.OrganisationId, caller, context, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        try
        {
            await persons.ChangeAsync(person, Details(request.Name!, request.IdNumber!, request.Mobile!), cancellationToken);
        }
        catch (IdentityException exception)
        {
            return IdentityProblems.From(exception, context);
        }

        return TypedResults.Ok(PersonResponse.From(person, await persons.VerificationsOfAsync(id, cancellationToken), []));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> EraseAsync(Guid id, Caller caller, HubDbContext db,
        PersonRegistry persons, HttpContext context, CancellationToken cancellationToken)
    {
        var person = await persons.FindAsync(id, cancellationToken);
        if (person is null)
        {
            return Problems.NotFound($"No person {id}.");
        }

        if (await IdentityAccess.RefuseAdministerAsync(db, person.OrganisationId, caller, context, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        try
        {
            await persons.EraseAsync(person, cancellationToken);
            return TypedResults.NoContent();
        }
        catch (IdentityException exception)
        {
            return IdentityProblems.From(exception, context);
        }
    }

    private static async Task<Results<Created<VerificationResponse>, ProblemHttpResult>> StartAsync(Guid id, StartVerificationRequest request,
        Caller caller, HubDbContext db, PersonRegistry persons, PersonVerifications verifications, HttpContext context,
        CancellationToken cancellationToken)
    {
        var person = await persons.FindAsync(id, cancellationToken);
        if (person is null)
        {
            return Problems.NotFound($"No person {id}.");
        }

        if (await IdentityAccess.RefuseActAsync(db, person, caller, context, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var purpose = request switch
        {
            { DocumentSha256: { } digest } => VerificationPurposes.Signing(Convert.FromHexString(digest)),
            { CertificationRequestSha256: { } enrolment } => VerificationPurposes.Enrolment(Convert.FromHexString(enrolment)),
            _ => VerificationPurposes.Identity,
        };
        try
        {
            var verification = await verifications.StartAsync(person, request.Method!.Value,
                new VerificationStart(request.ImageSha256, request.LivenessPassed ?? false), purpose, cancellationToken);
            return TypedResults.Created($"/api/identity/verifications/{verification.Id}", VerificationResponse.From(verification));
        }
        catch (IdentityException exception)
        {
            return IdentityProblems.From(exception, context);
        }
    }

    private static async Task<Results<Ok<VerificationResponse>, ProblemHttpResult>> CompleteAsync(Guid id, CompleteVerificationRequest request,
        Caller caller, HubDbContext db, PersonRegistry persons, PersonVerifications verifications, HttpContext context,
        CancellationToken cancellationToken)
    {
        var verification = await verifications.FindAsync(id, cancellationToken);
        var person = verification is null ? null : await persons.FindAsync(verification.SubjectId, cancellationToken);
        if (verification is null || person is null)
        {
            return Problems.NotFound($"No person verification {id}.");
        }

        if (await IdentityAccess.RefuseActAsync(db, person, caller, context, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        try
        {
            await verifications.CompleteAsync(person, verification, new VerificationAnswer(request.Code,
                request.Signature is null ? null : Convert.FromBase64String(request.Signature),
                request.Certificate is null ? null : Convert.FromBase64String(request.Certificate)), cancellationToken);
            return TypedResults.Ok(VerificationResponse.From(verification));
        }
        catch (IdentityException exception)
        {
            return IdentityProblems.From(exception, context);
        }
    }

    private static async Task<Results<Created<CertificateResponse>, ValidationProblem, ProblemHttpResult>> IssueAsync(Guid id,
        IssueCertificateRequest? request, Caller caller, HubDbContext db, PersonRegistry persons, PartyCertificates certificates,
        HttpContext context, CancellationToken cancellationToken)
    {
        var person = await persons.FindAsync(id, cancellationToken);
        if (person is null)
        {
            return Problems.NotFound($"No person {id}.");
        }

        if (await IdentityAccess.RefuseAdministerAsync(db, person.OrganisationId, caller, context, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        // The body is optional (no body: the Hub creates the key), so it is checked here, after the access check.
        var errors = new RequestErrors();
        request?.Validate(errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        try
        {
            var (record, issued) = await certificates.IssueToPersonAsync(person, request?.Der(), request?.AuthenticationId, cancellationToken);
            return TypedResults.Created($"/api/identity/persons/{id}", CertificateResponse.From(record) with { Pem = issued.Certificate.ExportCertificatePem() });
        }
        catch (IdentityException exception) when (exception.Failure == IdentityFailure.CertificationRequestRefused)
        {
            // A refusal of the request itself answers like any invalid field: nothing was issued or recorded.
            errors.Add("certificationRequest", exception.Message);
            return errors.ToProblem();
        }
        catch (IdentityException exception)
        {
            return IdentityProblems.From(exception, context);
        }
    }

    private static async Task<Results<Ok<PersonalSignatureResponse>, ProblemHttpResult>> SignAsync(Guid id, PersonalSignatureRequest request,
        Caller caller, HubDbContext db, PersonRegistry persons, PersonalSigner signer, HttpContext context, CancellationToken cancellationToken)
    {
        var person = await persons.FindAsync(id, cancellationToken);
        if (person is null)
        {
            return Problems.NotFound($"No person {id}.");
        }

        if (await IdentityAccess.RefuseActAsync(db, person, caller, context, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        try
        {
            var (signature, certificate, use) = await signer.SignAsync(person, request.AuthenticationId!.Value,
                Convert.FromHexString(request.DocumentSha256!), caller.Id, cancellationToken);
            return TypedResults.Ok(new PersonalSignatureResponse(Convert.ToBase64String(signature), certificate.SerialNumber, use.Id, use.UsedAt));
        }
        catch (IdentityException exception)
        {
            return IdentityProblems.From(exception, context);
        }
    }

    private static PersonalDetails Details(string name, string idNumber, string mobile)
    {
        // The request was validated; parsing again only to obtain the typed values.
        _ = ResidentIdNumber.TryParse(idNumber, DateOnly.MaxValue, out var number, out _);
        _ = MobileNumber.TryParse(mobile, out var phone, out _);
        return new PersonalDetails(name.Trim(), number!, phone!);
    }
}
