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

/// <summary>The seal ledger's seals: register, read, certificate, appearance, freeze, thaw, revoke, physical uses.</summary>
internal static class SealEndpoints
{
    /// <summary>Maps every endpoint of the seal ledger (seals, standing grants, the use ledger, the dashboard).</summary>
    public static IEndpointRouteBuilder MapSealEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/seals").WithTags("Seals");
        group.MapGet("/", ListAsync).WithName("ListSeals").WithSummary("Seals of the caller's subtrees, optionally of one organisation's subtree.")
            .Allow(AccessRule.AnyCaller("only seals of organisations in the caller's subtrees"));
        group.MapPost("/", RegisterAsync).WithName("RegisterSeal")
            .WithSummary("Register an electronic seal (its certificate issued by the Hub CA) or a physical one (device, location), with custodians.")
            .Validate<RegisterSealRequest>().Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the holder"));
        group.MapGet("/{id}", GetAsync).WithName("GetSeal").WithSummary("One seal.")
            .Allow(AccessRule.Scoped("a caller holding any role over the seal's holder"));
        group.MapPost("/{id}/freeze", FreezeAsync).WithName("FreezeSeal").WithSummary("Freeze a seal, with a reason; no use passes until it is thawed.")
            .Validate<SealStatusRequest>().Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the holder, or the seal's custodian"));
        group.MapPost("/{id}/thaw", ThawAsync).WithName("ThawSeal").WithSummary("Thaw a frozen seal, with a reason.")
            .Validate<SealStatusRequest>().Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the holder"));
        group.MapPost("/{id}/revoke", RevokeAsync).WithName("RevokeSeal").WithSummary("Revoke a seal for good, with a reason.")
            .Validate<SealStatusRequest>().Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the holder"));
        group.MapPost("/{id}/certificate", CertificateAsync).WithName("BindSealCertificate")
            .WithSummary("Bind a certificate: a PKCS#12 from a licensed CA (base64, with its password), or without one a new certificate from the Hub CA.")
            .Validate<SealCertificateRequest>().Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the holder"));
        group.MapGet("/{id}/appearance", AppearanceAsync).WithName("GetSealAppearance")
            .WithSummary("The seal's appearance: the uploaded PNG, or the standard drawing as SVG.")
            .Allow(AccessRule.Scoped("a caller holding any role over the seal's holder"));
        group.MapPut("/{id}/appearance", UploadAppearanceAsync).WithName("UploadSealAppearance")
            .WithSummary("Upload a PNG appearance (request body, image/png, at most 512 KiB) used instead of the standard drawing.")
            .Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the holder"));
        group.MapDelete("/{id}/appearance", ClearAppearanceAsync).WithName("ClearSealAppearance")
            .WithSummary("Drop the uploaded appearance; the standard drawing is used again.")
            .Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the holder"));
        group.MapPost("/{id}/physical-uses", RecordPhysicalUseAsync).WithName("RecordPhysicalSealUse")
            .WithSummary("Record a stamp of a physical seal in the ledger (person, paper document, grant).")
            .Validate<PhysicalUseRequest>().Allow(AccessRule.Scoped("a custodian of the seal"));
        routes.MapSealGrantEndpoints();
        routes.MapSealUseEndpoints();
        return routes;
    }

    private static async Task<Results<Ok<List<SealResponse>>, ProblemHttpResult>> ListAsync(Guid? organisationId, Caller caller,
        [AsParameters] SealApiServices services, CancellationToken cancellationToken)
    {
        string? subtree = null;
        if (organisationId is { } id)
        {
            subtree = await OrganisationReads.PathAsync(services.Db, id, cancellationToken);
            if (subtree is null)
            {
                return Problems.NotFound($"No organisation {id}.");
            }

            if (!caller.CanRead(subtree))
            {
                return AccessDenial.Forbidden(services.Context, caller, $"Organisation {id} is outside the caller's scope.");
            }
        }

        var seals = await SealStore.ListAsync(services.Db, caller.ReadableRoots, subtree, cancellationToken);
        return TypedResults.Ok(seals.Select(SealResponse.From).ToList());
    }

    private static async Task<Results<Created<SealResponse>, ProblemHttpResult>> RegisterAsync(RegisterSealRequest request, Caller caller,
        [AsParameters] SealApiServices services, CancellationToken cancellationToken)
    {
        var path = await OrganisationReads.PathAsync(services.Db, request.OrganisationId!.Value, cancellationToken);
        if (path is null)
        {
            return Problems.NotFound($"No organisation {request.OrganisationId}.");
        }

        if (!caller.CanAdminister(path))
        {
            return AccessDenial.Forbidden(services.Context, caller, $"Only an HqAdmin or OrgAdmin over organisation {request.OrganisationId} may register its seals.");
        }

        if (request.PersonId is { } person && !await SealStore.UserInSubtreeAsync(services.Db, person, path, cancellationToken))
        {
            return SealProblems.From(new SealRefusal(SealRefusalKind.Invalid, "person-outside-subtree",
                $"User {person} is not a member of organisation {request.OrganisationId} or below it."), services.Context, caller);
        }

        var registered = await SealStore.RegisterAsync(services.Db, new Seal
        {
            Id = Guid.NewGuid(),
            OrganisationId = request.OrganisationId.Value,
            OrganisationPath = path,
            OrganisationName = "",
            Type = request.Type!.Value,
            Medium = request.Medium!.Value,
            Name = request.Name ?? "",
            PersonId = request.PersonId,
            DeviceId = request.DeviceId?.Trim(),
            Location = request.Location?.Trim(),
            Custodians = request.Custodians ?? [],
            RegisteredAt = services.Time.GetUtcNow(),
        }, SealApiServices.ActorOf(caller), cancellationToken);
        if (registered.Refusal is { } refusal)
        {
            return SealProblems.From(refusal, services.Context, caller);
        }

        var seal = registered.Value!;
        if (seal.Medium == SealMedium.Electronic && seal.Type != SealType.Personal && request.IssueCertificate != false)
        {
            var bound = await services.Certificates.IssueAsync(seal.Id, SealApiServices.ActorOf(caller), cancellationToken);
            seal = bound.Value ?? seal;
        }

        return TypedResults.Created($"/api/seals/{seal.Id}", SealResponse.From(seal));
    }

    private static async Task<Results<Ok<SealResponse>, ProblemHttpResult>> GetAsync(Guid id, Caller caller, [AsParameters] SealApiServices services,
        CancellationToken cancellationToken)
    {
        var seal = await SealAccess.LoadAsync(services.Db, id, caller, SealAccess.Act.Read, cancellationToken);
        return seal.Refusal is { } refusal ? SealProblems.From(refusal, services.Context, caller) : TypedResults.Ok(SealResponse.From(seal.Value!));
    }

    private static Task<Results<Ok<SealResponse>, ProblemHttpResult>> FreezeAsync(Guid id, SealStatusRequest request, Caller caller,
        [AsParameters] SealApiServices services, CancellationToken cancellationToken) =>
        ChangeStatusAsync(id, SealStatus.Frozen, SealAccess.Act.Freeze, request, caller, services, cancellationToken);

    private static Task<Results<Ok<SealResponse>, ProblemHttpResult>> ThawAsync(Guid id, SealStatusRequest request, Caller caller,
        [AsParameters] SealApiServices services, CancellationToken cancellationToken) =>
        ChangeStatusAsync(id, SealStatus.Active, SealAccess.Act.Thaw, request, caller, services, cancellationToken);

    private static Task<Results<Ok<SealResponse>, ProblemHttpResult>> RevokeAsync(Guid id, SealStatusRequest request, Caller caller,
        [AsParameters] SealApiServices services, CancellationToken cancellationToken) =>
        ChangeStatusAsync(id, SealStatus.Revoked, SealAccess.Act.Administer, request, caller, services, cancellationToken);

    private static async Task<Results<Ok<SealResponse>, ProblemHttpResult>> ChangeStatusAsync(Guid id, SealStatus target, SealAccess.Act act,
        SealStatusRequest request, Caller caller, SealApiServices services, CancellationToken cancellationToken)
    {
        var seal = await SealAccess.LoadAsync(services.Db, id, caller, act, cancellationToken);
        var changed = seal.Refusal is null
            ? await SealStore.ChangeStatusAsync(services.Db, id, target, request.Reason!.Trim(), SealApiServices.ActorOf(caller), services.Time.GetUtcNow(),
                cancellationToken, target == SealStatus.Frozen ? SealAccess.FreezingLevel(caller, seal.Value!) : null)
            : seal;
        return changed.Refusal is { } refusal ? SealProblems.From(refusal, services.Context, caller) : TypedResults.Ok(SealResponse.From(changed.Value!));
    }

    private static async Task<Results<Ok<SealResponse>, ProblemHttpResult>> CertificateAsync(Guid id, SealCertificateRequest request, Caller caller,
        [AsParameters] SealApiServices services, CancellationToken cancellationToken)
    {
        var seal = await SealAccess.LoadAsync(services.Db, id, caller, SealAccess.Act.Administer, cancellationToken);
        var bound = seal.Refusal is not null ? seal
            : request.Bytes is { } pkcs12 ? await services.Certificates.ImportAsync(id, pkcs12, request.Password!, SealApiServices.ActorOf(caller), cancellationToken)
            : await services.Certificates.IssueAsync(id, SealApiServices.ActorOf(caller), cancellationToken);
        return bound.Refusal is { } refusal ? SealProblems.From(refusal, services.Context, caller) : TypedResults.Ok(SealResponse.From(bound.Value!));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> AppearanceAsync(Guid id, Caller caller,
        [AsParameters] SealApiServices services, CancellationToken cancellationToken)
    {
        var seal = await SealAccess.LoadAsync(services.Db, id, caller, SealAccess.Act.Read, cancellationToken);
        if (seal.Refusal is { } refusal)
        {
            return SealProblems.From(refusal, services.Context, caller);
        }

        var holder = (await SealStore.HolderAsync(services.Db, id, cancellationToken))!;
        var preview = SealDrawings.Preview(seal.Value!, holder);
        return preview.Refusal is { } undrawable
            ? SealProblems.From(undrawable, services.Context, caller)
            : TypedResults.File(preview.Value.Content, preview.Value.ContentType);
    }

    private static async Task<Results<Ok<SealResponse>, ProblemHttpResult>> UploadAppearanceAsync(Guid id, Caller caller,
        [AsParameters] SealApiServices services, CancellationToken cancellationToken)
    {
        var seal = await SealAccess.LoadAsync(services.Db, id, caller, SealAccess.Act.Administer, cancellationToken);
        if (seal.Refusal is { } refusal)
        {
            return SealProblems.From(refusal, services.Context, caller);
        }

        var png = await ReadBodyAsync(services.Context.Request, SealDrawings.MaxUploadBytes + 1, cancellationToken);
        if (SealDrawings.CheckUpload(png) is { } bad)
        {
            return SealProblems.From(bad, services.Context, caller);
        }

        var set = await SealStore.SetAppearanceAsync(services.Db, id, png, SealApiServices.ActorOf(caller), services.Time.GetUtcNow(), cancellationToken);
        return set.Refusal is { } conflict ? SealProblems.From(conflict, services.Context, caller) : TypedResults.Ok(SealResponse.From(set.Value!));
    }

    private static async Task<Results<Ok<SealResponse>, ProblemHttpResult>> ClearAppearanceAsync(Guid id, Caller caller,
        [AsParameters] SealApiServices services, CancellationToken cancellationToken)
    {
        var seal = await SealAccess.LoadAsync(services.Db, id, caller, SealAccess.Act.Administer, cancellationToken);
        var set = seal.Refusal is null
            ? await SealStore.SetAppearanceAsync(services.Db, id, null, SealApiServices.ActorOf(caller), services.Time.GetUtcNow(), cancellationToken)
            : seal;
        return set.Refusal is { } refusal ? SealProblems.From(refusal, services.Context, caller) : TypedResults.Ok(SealResponse.From(set.Value!));
    }

    private static async Task<Results<Created<SealUseResponse>, ProblemHttpResult>> RecordPhysicalUseAsync(Guid id, PhysicalUseRequest request,
        Caller caller, [AsParameters] SealApiServices services, CancellationToken cancellationToken)
    {
        var seal = await SealAccess.LoadAsync(services.Db, id, caller, SealAccess.Act.RecordUse, cancellationToken);
        if (seal.Refusal is { } refusal)
        {
            return SealProblems.From(refusal, services.Context, caller);
        }

        var person = request.PersonId ?? caller.Id;
        if (!await SealStore.UserInSubtreeAsync(services.Db, person, seal.Value!.OrganisationPath, cancellationToken))
        {
            return SealProblems.From(new SealRefusal(SealRefusalKind.Invalid, "person-outside-subtree",
                $"User {person} is not a member of {seal.Value.OrganisationName} or below it."), services.Context, caller);
        }

        var now = services.Time.GetUtcNow();
        if (request.UsedAt is { } usedAt && usedAt > now.AddMinutes(5))
        {
            return SealProblems.From(new SealRefusal(SealRefusalKind.Invalid, "used-in-future", $"A use at {usedAt:u} is in the future."), services.Context, caller);
        }

        var recorded = await SealLedgerStore.RecordPhysicalUseAsync(services.Db, new SealUseEntry
        {
            Id = Guid.NewGuid(),
            SealId = id,
            OrganisationPath = seal.Value.OrganisationPath,
            Medium = SealMedium.Physical,
            PersonId = person,
            DocumentReference = request.DocumentReference!.Trim(),
            StandingGrantId = request.GrantId,
            Category = request.Category!,
            Amount = request.Amount,
            Currency = request.Amount is null ? request.Currency : request.Currency ?? "CNY",
            Counterparty = request.Counterparty?.Trim(),
            Note = request.Note?.Trim(),
            UsedAt = request.UsedAt ?? now,
        }, caller.Id, cancellationToken);
        if (recorded.Refusal is { } refused)
        {
            return SealProblems.From(refused, services.Context, caller);
        }

        var held = seal.Value;
        return TypedResults.Created($"/api/seal-uses?sealId={id}",
            SealUseResponse.From(new SealUseRow(recorded.Value!, held.Name, held.Type, held.OrganisationId, held.OrganisationName, null)));
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0 && buffer.Length < limit)
        {
            buffer.Write(chunk, 0, Math.Min(read, limit - (int)buffer.Length));
        }

        return buffer.ToArray();
    }
}
