using System.Text;
using System.Text.Json;
using Hub.Server.Api.Validation;
using Hub.Server.Authorisation;
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
    private const string Columns = "id, definition_id, version, organisation_id, status, name, content_hash, created_at, published_at, document";

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
                TransitionAsync(id, "Draft", caller, db, registry, time, context, ct))
            .WithName("PublishWorkflowDefinition").WithSummary("Validate and publish a draft.")
            .Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the owning organisation"));
        group.MapPost("/{id}/retire", (Guid id, Caller caller, NpgsqlDataSource db, ActivityRegistry registry, TimeProvider time, HttpContext context, CancellationToken ct) =>
                TransitionAsync(id, "Published", caller, db, registry, time, context, ct))
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

        await using var command = db.CreateCommand($"""
            SELECT d.id, d.definition_id, d.version, d.organisation_id, d.status, d.name, d.content_hash, d.created_at, d.published_at, d.document FROM hub.workflow_definitions d
            JOIN hub.organisations o ON o.id = d.organisation_id WHERE $1 LIKE o.path || '%' ORDER BY d.definition_id, d.version
            """);
        command.Parameters.AddWithValue(path);
        return TypedResults.Ok(await ReadAsync(command, withDocument: false, cancellationToken));
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

        var path = await WorkflowScope.OrganisationPathAsync(db, request.OrganisationId!.Value, cancellationToken);
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

        var id = Guid.NewGuid();
        var now = time.GetUtcNow();
        var document = WorkflowDefinitions.ToCanonicalJson(definition);
        await using var insert = db.CreateCommand("""
            INSERT INTO hub.workflow_definitions (id, definition_id, version, organisation_id, status, name, content_hash, document, created_at, published_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """);
        insert.Parameters.AddWithValue(id);
        insert.Parameters.AddWithValue(definition.Id);
        insert.Parameters.AddWithValue(definition.Version);
        insert.Parameters.AddWithValue(request.OrganisationId!.Value);
        insert.Parameters.AddWithValue(version.Status.ToString());
        insert.Parameters.AddWithValue(definition.Name);
        insert.Parameters.AddWithValue((object?)version.ContentHash ?? DBNull.Value);
        insert.Parameters.AddWithValue(document);
        insert.Parameters.AddWithValue(now);
        insert.Parameters.AddWithValue(publish ? now : DBNull.Value);
        try
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return Problems.Conflict($"Definition '{definition.Id}' version {definition.Version} already exists for this organisation.");
        }

        return TypedResults.Created($"/api/workflow-definitions/{id}", new DefinitionResponse(id, definition.Id, definition.Version,
            request.OrganisationId.Value, version.Status.ToString(), definition.Name, version.ContentHash, now, publish ? now : null,
            JsonDocument.Parse(document).RootElement.Clone()));
    }

    private static async Task<Results<Ok<DefinitionResponse>, ValidationProblem, ProblemHttpResult>> TransitionAsync(Guid id, string from, Caller caller,
        NpgsqlDataSource db, ActivityRegistry registry, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var owner = await WorkflowScope.OwnerAsync(db, "workflow_definitions", id, cancellationToken);
        if (owner is null)
        {
            return Problems.NotFound($"No workflow definition {id}.");
        }

        if (!caller.CanAdminister(owner.Value.Path))
        {
            return AccessDenial.Forbidden(context, caller, "Only an administrator over the owning organisation may publish or retire its definitions.");
        }

        var (current, _) = await FindReadableAsync(id, caller, db, context, cancellationToken);
        var definition = WorkflowDefinitions.Read(current!.Document!.Value.GetRawText());
        string? hash = current.ContentHash;
        string to;
        try
        {
            var version = current.Status == "Draft" ? DefinitionVersion.Draft(definition) : DefinitionVersion.Draft(definition).Publish(registry);
            version = from == "Draft" ? version.Publish(registry) : version.Retire();
            (to, hash) = (version.Status.ToString(), version.ContentHash);
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
        catch (InvalidOperationException e) when (current.Status != from)
        {
            return Problems.Conflict(e.Message);
        }

        await using var update = db.CreateCommand(
            "UPDATE hub.workflow_definitions SET status = $2, content_hash = $3, published_at = coalesce(published_at, $4) WHERE id = $1 AND status = $5");
        update.Parameters.AddWithValue(id);
        update.Parameters.AddWithValue(to);
        update.Parameters.AddWithValue(hash!);
        update.Parameters.AddWithValue(time.GetUtcNow());
        update.Parameters.AddWithValue(from);
        if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            return Problems.Conflict($"Workflow definition {id} changed at the same time.");
        }

        var (updated, _) = await FindReadableAsync(id, caller, db, context, cancellationToken);
        return TypedResults.Ok(updated!);
    }

    private static async Task<(DefinitionResponse? Found, ProblemHttpResult? Refusal)> FindReadableAsync(Guid id, Caller caller, NpgsqlDataSource db,
        HttpContext context, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand($"SELECT {Columns} FROM hub.workflow_definitions WHERE id = $1");
        command.Parameters.AddWithValue(id);
        var found = (await ReadAsync(command, withDocument: true, cancellationToken)).SingleOrDefault();
        if (found is null)
        {
            return (null, Problems.NotFound($"No workflow definition {id}."));
        }

        var owner = await WorkflowScope.OwnerAsync(db, "workflow_definitions", id, cancellationToken);
        // Readable by callers over the owner, and by callers below it, to whom the definition applies.
        var readable = caller.CanRead(owner!.Value.Path) || caller.ReadableRoots.Any(root => root.StartsWith(owner.Value.Path, StringComparison.Ordinal));
        return readable ? (found, null) : (null, AccessDenial.Forbidden(context, caller, "The definition belongs to an organisation outside the caller's scope."));
    }

    private static async Task<List<DefinitionResponse>> ReadAsync(NpgsqlCommand command, bool withDocument, CancellationToken cancellationToken)
    {
        var list = new List<DefinitionResponse>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new DefinitionResponse(reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.GetGuid(3), reader.GetString(4),
                reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
                withDocument ? JsonDocument.Parse(reader.GetString(9)).RootElement.Clone() : null));
        }

        return list;
    }
}
