using System.Text;
using System.Text.Json;
using Hub.Server.Api.Validation;
using Hub.Server.Authorisation;
using Hub.Server.Workflows.Stores;
using Hub.Workflows.Activities;
using Hub.Workflows.Definitions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace Hub.Server.Api.Workflows;

/// <summary>Workflow definitions: list, get by version, save draft, validate, publish, retire, export, import; and
/// the activity descriptors the designer's palette is built from. HQ definitions apply to the whole group, a
/// subsidiary's to its subtree; only administrators over the owning organisation change them.</summary>
internal static class DefinitionEndpoints
{
    public static IEndpointRouteBuilder MapWorkflowDefinitionEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/activities", (ActivityRegistry registry) => TypedResults.Ok(registry.Descriptors))
            .WithTags("Workflows").WithName("ListActivities").WithSummary("Every activity's descriptor, for the designer.")
            .Allow(AccessRule.AnyCaller("the catalogue holds no organisation data"));
        var group = routes.MapGroup("/api/workflow-definitions").WithTags("Workflows");
        group.MapGet("/", ListAsync).WithName("ListWorkflowDefinitions")
            .WithSummary("Definitions that apply to an organisation: its own and those of the organisations above it.")
            .Allow(AccessRule.Scoped("a caller holding any role over the organisation"));
        group.MapGet("/{id}", GetAsync).WithName("GetWorkflowDefinition").WithSummary("One definition version with its document.")
            .Allow(AccessRule.Scoped("a caller holding any role over the owning organisation or below it"));
        group.MapGet("/{id}/export", ExportAsync).WithName("ExportWorkflowDefinition").WithSummary("The definition document as JSON.")
            .Allow(AccessRule.Scoped("a caller holding any role over the owning organisation or below it"));
        group.MapPost("/", SaveDraftAsync).WithName("SaveWorkflowDefinitionDraft").WithSummary("Store a draft version.")
            .Validate<SaveDefinitionRequest>().Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the organisation"));
        group.MapPost("/import", ImportAsync).WithName("ImportWorkflowDefinition").WithSummary("Store and publish a version in one step.")
            .Validate<SaveDefinitionRequest>().Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the organisation"));
        group.MapPost("/validate", Validate).WithName("ValidateWorkflowDefinition").WithSummary("Every problem that blocks publication.")
            .Validate<ValidateDefinitionRequest>().Allow(AccessRule.AnyCaller("nothing is stored or read"));
        group.MapPost("/{id}/publish", (Guid id, Caller caller, NpgsqlDataSource db, ActivityRegistry registry, TimeProvider time, HttpContext context, CancellationToken ct) =>
                TransitionAsync(id, publish: true, caller, db, registry, time, context, ct))
            .WithName("PublishWorkflowDefinition").WithSummary("Validate and publish a draft.")
            .Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the owning organisation"));
        group.MapPost("/{id}/retire", (Guid id, Caller caller, NpgsqlDataSource db, ActivityRegistry registry, TimeProvider time, HttpContext context, CancellationToken ct) =>
                TransitionAsync(id, publish: false, caller, db, registry, time, context, ct))
            .WithName("RetireWorkflowDefinition").WithSummary("Stop new instances of a published version.")
            .Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the owning organisation"));
        return routes;
    }

    private static async Task<Results<Ok<List<DefinitionResponse>>, ProblemHttpResult>> ListAsync(Guid organisationId, Caller caller,
        NpgsqlDataSource db, HttpContext context, CancellationToken cancellationToken)
    {
        var (path, refusal) = await WorkflowScope.ReadableAsync(db, organisationId, caller, context, cancellationToken);
        if (path is null)
        {
            return refusal!;
        }

        return TypedResults.Ok((await DefinitionStore.ListApplyingToAsync(db, path, cancellationToken)).Select(DefinitionResponse.From).ToList());
    }

    private static async Task<Results<Ok<DefinitionResponse>, ProblemHttpResult>> GetAsync(Guid id, Caller caller, NpgsqlDataSource db,
        HttpContext context, CancellationToken cancellationToken)
    {
        var (found, refusal) = await FindReadableAsync(id, caller, db, context, cancellationToken);
        return found is null ? refusal! : TypedResults.Ok(found);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ExportAsync(Guid id, Caller caller, NpgsqlDataSource db,
        HttpContext context, CancellationToken cancellationToken)
    {
        var (found, refusal) = await FindReadableAsync(id, caller, db, context, cancellationToken);
        return found is null ? refusal! : TypedResults.Text(found.Document!.Value.GetRawText(), "application/json", Encoding.UTF8);
    }

    private static Ok<ValidationResponse> Validate(ValidateDefinitionRequest request, ActivityRegistry registry)
    {
        try
        {
            var problems = WorkflowDefinitions.Validate(WorkflowDefinitions.Read(request.Document!.Value.GetRawText()), registry);
            return TypedResults.Ok(new ValidationResponse(problems.Count == 0, [.. problems.Select(p => new ProblemResponse(p.Code, p.Message, p.NodeId))]));
        }
        catch (DefinitionFormatException e)
        {
            return TypedResults.Ok(new ValidationResponse(false, [new ProblemResponse("format", e.Message, null)]));
        }
    }

    private static Task<Results<Created<DefinitionResponse>, ValidationProblem, ProblemHttpResult>> SaveDraftAsync(SaveDefinitionRequest request,
        Caller caller, NpgsqlDataSource db, ActivityRegistry registry, TimeProvider time, HttpContext context, CancellationToken cancellationToken) =>
        StoreAsync(request, publish: false, caller, db, registry, time, context, cancellationToken);

    private static Task<Results<Created<DefinitionResponse>, ValidationProblem, ProblemHttpResult>> ImportAsync(SaveDefinitionRequest request,
        Caller caller, NpgsqlDataSource db, ActivityRegistry registry, TimeProvider time, HttpContext context, CancellationToken cancellationToken) =>
        StoreAsync(request, publish: true, caller, db, registry, time, context, cancellationToken);

    private static async Task<Results<Created<DefinitionResponse>, ValidationProblem, ProblemHttpResult>> StoreAsync(SaveDefinitionRequest request,
        bool publish, Caller caller, NpgsqlDataSource db, ActivityRegistry registry, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        WorkflowDefinition definition;
        try
        {
            definition = WorkflowDefinitions.Read(request.Document!.Value.GetRawText());
        }
        catch (DefinitionFormatException e)
        {
            errors.Add("document", e.Message);
            return errors.ToProblem();
        }

        var path = await OrganisationReads.PathAsync(db, request.OrganisationId!.Value, cancellationToken);
        if (path is null)
        {
            errors.Add("organisationId", $"No organisation {request.OrganisationId}.");
            return errors.ToProblem();
        }

        if (!caller.CanAdminister(path))
        {
            return AccessDenial.Forbidden(context, caller, "Only an administrator over the organisation may store its definitions.");
        }

        var version = DefinitionVersion.Draft(definition);
        if (publish)
        {
            try
            {
                version = version.Publish(registry);
            }
            catch (DefinitionInvalidException e)
            {
                foreach (var problem in e.Problems)
                {
                    errors.Add("document", problem.ToString());
                }

                return errors.ToProblem();
            }
        }

        var stored = await DefinitionStore.InsertAsync(db, version, request.OrganisationId.Value, path, time.GetUtcNow(), cancellationToken);
        return stored is null
            ? Problems.Conflict($"Definition '{definition.Id}' version {definition.Version} already exists for this organisation.")
            : TypedResults.Created($"/api/workflow-definitions/{stored.Id}", DefinitionResponse.From(stored));
    }

    private static async Task<Results<Ok<DefinitionResponse>, ValidationProblem, ProblemHttpResult>> TransitionAsync(Guid id, bool publish,
        Caller caller, NpgsqlDataSource db, ActivityRegistry registry, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var stored = await DefinitionStore.FindAsync(db, id, cancellationToken);
        if (stored is null)
        {
            return Problems.NotFound($"No workflow definition {id}.");
        }

        if (!caller.CanAdminister(stored.OrganisationPath))
        {
            return AccessDenial.Forbidden(context, caller, "Only an administrator over the owning organisation may publish or retire its definitions.");
        }

        DefinitionVersion next;
        try
        {
            var current = stored.ToVersion();
            next = publish ? current.Publish(registry) : current.Retire();
        }
        catch (DefinitionInvalidException e)
        {
            var errors = new RequestErrors();
            foreach (var problem in e.Problems)
            {
                errors.Add("document", problem.ToString());
            }

            return errors.ToProblem();
        }
        catch (InvalidOperationException e)
        {
            // The wrong transition for the stored status (publish a published version, retire a draft).
            return Problems.Conflict(e.Message);
        }

        if (!await DefinitionStore.TransitionAsync(db, stored, next, time.GetUtcNow(), cancellationToken))
        {
            return Problems.Conflict($"Workflow definition {id} changed at the same time.");
        }

        return TypedResults.Ok(DefinitionResponse.From((await DefinitionStore.FindAsync(db, id, cancellationToken))!));
    }

    private static async Task<(DefinitionResponse? Found, ProblemHttpResult? Refusal)> FindReadableAsync(Guid id, Caller caller, NpgsqlDataSource db,
        HttpContext context, CancellationToken cancellationToken)
    {
        var found = await DefinitionStore.FindAsync(db, id, cancellationToken);
        if (found is null)
        {
            return (null, Problems.NotFound($"No workflow definition {id}."));
        }

        // Readable by callers over the owner, and by callers below it, to whom the definition applies.
        var owner = found.OrganisationPath;
        var readable = caller.CanRead(owner) || caller.ReadableRoots.Any(root => root.StartsWith(owner, StringComparison.Ordinal));
        return readable ? (DefinitionResponse.From(found), null)
            : (null, AccessDenial.Forbidden(context, caller, "The definition belongs to an organisation outside the caller's scope."));
    }
}
