using System.Text.Json;
using Hub.Server.Api.Validation;
using Hub.Server.Authorisation;
using Hub.Server.Workflows;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace Hub.Server.Api.Workflows;

/// <summary>Instances (start, list, get, journal, cancel) and signals; every call scoped to the caller's subtrees.</summary>
internal static class InstanceEndpoints
{
    private const string Columns = """
        i.id, d.definition_id, d.version, i.definition_hash, i.organisation_id, i.applicant_id, i.correlation_key, i.status, i.version,
        i.state -> 'variables', i.state -> 'fault', i.created_at, i.updated_at
        """;

    public static IEndpointRouteBuilder MapWorkflowInstanceEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/workflow-instances").WithTags("Workflows");
        group.MapPost("/", StartAsync).WithName("StartWorkflowInstance")
            .WithSummary("Start an instance; a repeated correlation key returns the existing instance.")
            .Validate<StartInstanceRequest>().Allow(AccessRule.Scoped("a caller holding any role over the organisation"));
        group.MapGet("/", ListAsync).WithName("ListWorkflowInstances").WithSummary("Instances of an organisation subtree, filtered.")
            .Allow(AccessRule.Scoped("a caller holding any role over the organisation"));
        group.MapGet("/{id}", GetAsync).WithName("GetWorkflowInstance").WithSummary("One instance.")
            .Allow(AccessRule.Scoped("a caller holding any role over the instance's organisation"));
        group.MapGet("/{id}/journal", JournalAsync).WithName("GetWorkflowInstanceJournal").WithSummary("What the instance did, in order.")
            .Allow(AccessRule.Scoped("a caller holding any role over the instance's organisation"));
        group.MapPost("/{id}/cancel", CancelAsync).WithName("CancelWorkflowInstance").WithSummary("Cancel an instance that has not ended.")
            .Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the instance's organisation"));
        routes.MapPost("/api/workflow-signals", SignalAsync).WithTags("Workflows").WithName("SendWorkflowSignal")
            .WithSummary("Resume the instances waiting for a signal, or buffer it until one waits.")
            .Validate<SignalRequest>().Allow(AccessRule.Scoped("a caller holding any role over the organisation"));
        return routes;
    }

    private static async Task<Results<Created<InstanceResponse>, Ok<InstanceResponse>, ValidationProblem, ProblemHttpResult>> StartAsync(
        StartInstanceRequest request, Caller caller, NpgsqlDataSource db, WorkflowEngine engine, HttpContext context, CancellationToken cancellationToken)
    {
        // One round trip: the organisation's path and the nearest organisation's latest published version (or the
        // version asked for) among those that apply. The scope check below still decides before anything is used.
        await using var find = db.CreateCommand("""
            SELECT t.path, d.id, d.content_hash, d.document, d.version FROM hub.organisations t
            LEFT JOIN LATERAL (
                SELECT d.id, d.content_hash, d.document, d.version FROM hub.workflow_definitions d JOIN hub.organisations o ON o.id = d.organisation_id
                WHERE d.definition_id = $2 AND d.status = 'Published' AND t.path LIKE o.path || '%' AND ($3::int IS NULL OR d.version = $3)
                ORDER BY length(o.path) DESC, d.version DESC LIMIT 1) d ON true
            WHERE t.id = $1
            """);
        find.Parameters.AddWithValue(request.OrganisationId!.Value);
        find.Parameters.AddWithValue(request.DefinitionId!);
        find.Parameters.Add(new NpgsqlParameter { Value = (object?)request.Version ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        string? path = null;
        (Guid RowId, string Hash, string Document, int Version)? definition = null;
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                path = reader.GetString(0);
                definition = reader.IsDBNull(1) ? null : (reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4));
            }
        }

        if (path is null)
        {
            var errors = new RequestErrors();
            errors.Add("organisationId", $"No organisation {request.OrganisationId}.");
            return errors.ToProblem();
        }

        if (!caller.CanRead(path))
        {
            return AccessDenial.Forbidden(context, caller, "The organisation is outside the caller's scope.");
        }

        if (definition is not { } found)
        {
            var errors = new RequestErrors();
            errors.Add("definitionId", $"No published definition '{request.DefinitionId}'" +
                (request.Version is null ? "" : $" version {request.Version}") + " applies to this organisation.");
            return errors.ToProblem();
        }

        Guid? applicant = caller.Kind == CallerKind.Person ? caller.Id : null;
        var started = await engine.StartAsync(found.RowId, found.Hash, found.Document, request.OrganisationId.Value, path, applicant,
            request.CorrelationKey, request.Input!.Value, caller.Kind == CallerKind.Person ? caller.Id.ToString() : "api key " + caller.Name, cancellationToken);
        if (started.Existing || started.State is null)
        {
            return TypedResults.Ok((await QueryAsync(db, "i.id = $1", [started.InstanceId], cancellationToken)).Single());
        }

        // The new instance answers from what was committed (row version 1), as a read of it would show it.
        using var state = JsonDocument.Parse(started.State.ToJson());
        var variables = state.RootElement.TryGetProperty("variables", out var v) ? v.Clone() : JsonDocument.Parse("{}").RootElement.Clone();
        JsonElement? fault = state.RootElement.TryGetProperty("fault", out var f) ? f.Clone() : null;
        var response = new InstanceResponse(started.InstanceId, request.DefinitionId!, found.Version, found.Hash, request.OrganisationId.Value,
            applicant, request.CorrelationKey, started.Status, 1, variables, fault, started.CreatedAt, started.CreatedAt);
        return TypedResults.Created($"/api/workflow-instances/{started.InstanceId}", response);
    }

    private static async Task<Results<Ok<List<InstanceResponse>>, ProblemHttpResult>> ListAsync(Guid organisationId, string? status,
        string? definitionId, string? correlationKey, Caller caller, NpgsqlDataSource db, HttpContext context, CancellationToken cancellationToken)
    {
        var (path, refusal) = await WorkflowScope.ReadableAsync(db, organisationId, caller, context, cancellationToken);
        if (path is null)
        {
            return refusal!;
        }

        return TypedResults.Ok(await QueryAsync(db,
            "o.path LIKE $1 || '%' AND ($2::text IS NULL OR i.status = $2) AND ($3::text IS NULL OR d.definition_id = $3) AND ($4::text IS NULL OR i.correlation_key = $4) ORDER BY i.created_at LIMIT 1000",
            [path, status, definitionId, correlationKey], cancellationToken));
    }

    private static async Task<Results<Ok<InstanceResponse>, ProblemHttpResult>> GetAsync(Guid id, Caller caller, NpgsqlDataSource db,
        HttpContext context, CancellationToken cancellationToken)
    {
        if (await RefuseAsync(id, caller, db, context, administer: false, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        return TypedResults.Ok((await QueryAsync(db, "i.id = $1", [id], cancellationToken)).Single());
    }

    private static async Task<Results<Ok<List<JournalResponse>>, ProblemHttpResult>> JournalAsync(Guid id, Caller caller, NpgsqlDataSource db,
        HttpContext context, CancellationToken cancellationToken)
    {
        if (await RefuseAsync(id, caller, db, context, administer: false, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        await using var command = db.CreateCommand("""
            SELECT id, node_id, activity_type, event, iteration, attempt, outcomes, actor, inputs::text, message, started_at, finished_at
            FROM hub.workflow_journal WHERE instance_id = $1 ORDER BY id
            """);
        command.Parameters.AddWithValue(id);
        var list = new List<JournalResponse>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new JournalResponse(reader.GetInt64(0), Text(reader, 1), Text(reader, 2), reader.GetString(3), reader.GetInt32(4),
                reader.GetInt32(5), reader.GetFieldValue<string[]>(6), Text(reader, 7), Json(reader, 8), Text(reader, 9),
                reader.GetFieldValue<DateTimeOffset>(10), reader.GetFieldValue<DateTimeOffset>(11)));
        }

        return TypedResults.Ok(list);
    }

    private static async Task<Results<Ok<ActResponse>, ProblemHttpResult>> CancelAsync(Guid id, Caller caller, NpgsqlDataSource db,
        WorkflowEngine engine, HttpContext context, CancellationToken cancellationToken)
    {
        if (await RefuseAsync(id, caller, db, context, administer: true, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        await using var tx = await engine.BeginAsync(cancellationToken);
        var instance = await InstanceRecord.LockAsync(tx, id, cancellationToken);
        if (engine.Cancel(tx, instance!, caller.ToString(), "cancelled through the API") is { } conflict)
        {
            return Problems.Conflict(conflict);
        }

        await tx.CommitAsync(cancellationToken);
        return TypedResults.Ok(new ActResponse(id, "Cancelled"));
    }

    private static async Task<Results<Ok<SignalResponse>, Accepted<SignalResponse>, ValidationProblem, ProblemHttpResult>> SignalAsync(
        SignalRequest request, Caller caller, NpgsqlDataSource db, WorkflowEngine engine, HttpContext context, CancellationToken cancellationToken)
    {
        var path = await WorkflowScope.OrganisationPathAsync(db, request.OrganisationId!.Value, cancellationToken);
        if (path is null)
        {
            var errors = new RequestErrors();
            errors.Add("organisationId", $"No organisation {request.OrganisationId}.");
            return errors.ToProblem();
        }

        if (!caller.CanRead(path))
        {
            return AccessDenial.Forbidden(context, caller, "The organisation is outside the caller's scope.");
        }

        var (delivered, buffered) = await engine.SignalAsync(request.OrganisationId.Value, path, request.Name!, request.CorrelationKey!,
            request.Payload, request.TtlSeconds is { } ttl ? TimeSpan.FromSeconds(ttl) : null, caller.ToString(), cancellationToken);
        var response = new SignalResponse(delivered, buffered);
        return buffered is null ? TypedResults.Ok(response) : TypedResults.Accepted((string?)null, response);
    }

    /// <summary>404 when there is no such instance, 403 when it is outside the caller's scope, else null.</summary>
    internal static async Task<ProblemHttpResult?> RefuseAsync(Guid id, Caller caller, NpgsqlDataSource db, HttpContext context, bool administer,
        CancellationToken cancellationToken)
    {
        var owner = await WorkflowScope.OwnerAsync(db, "workflow_instances", id, cancellationToken);
        if (owner is null)
        {
            return Problems.NotFound($"No workflow instance {id}.");
        }

        var allowed = administer ? caller.CanAdminister(owner.Value.Path) : caller.CanRead(owner.Value.Path);
        return allowed ? null : AccessDenial.Forbidden(context, caller, administer
            ? "Only an administrator over the instance's organisation may do this."
            : "The instance belongs to an organisation outside the caller's scope.");
    }

    private static async Task<List<InstanceResponse>> QueryAsync(NpgsqlDataSource db, string where, object?[] parameters, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand($"""
            SELECT {Columns} FROM hub.workflow_instances i JOIN hub.workflow_definitions d ON d.id = i.definition_row_id
            JOIN hub.organisations o ON o.id = i.organisation_id WHERE {where}
            """);
        foreach (var p in parameters)
        {
            command.Parameters.Add(p is null ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text } : new NpgsqlParameter { Value = p });
        }

        var list = new List<InstanceResponse>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new InstanceResponse(reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetGuid(4),
                reader.IsDBNull(5) ? null : reader.GetGuid(5), Text(reader, 6), reader.GetString(7), reader.GetInt32(8),
                Json(reader, 9) ?? JsonDocument.Parse("{}").RootElement.Clone(), Json(reader, 10),
                reader.GetFieldValue<DateTimeOffset>(11), reader.GetFieldValue<DateTimeOffset>(12)));
        }

        return list;
    }

    internal static string? Text(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    internal static JsonElement? Json(NpgsqlDataReader reader, int i) =>
        reader.IsDBNull(i) ? null : JsonDocument.Parse(reader.GetFieldValue<string>(i)).RootElement.Clone();
}
