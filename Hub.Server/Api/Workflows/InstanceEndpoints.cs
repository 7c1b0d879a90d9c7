using System.Text.Json;
using Hub.Server.Api.Validation;
using Hub.Server.Authorisation;
using Hub.Server.Workflows;
using Hub.Server.Workflows.Stores;
using Hub.Workflows.Definitions.Inputs;
using Hub.Workflows.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hub.Server.Api.Workflows;

/// <summary>Instances (start, list, get, journal, cancel) and signals; every call scoped to the caller's subtrees.</summary>
internal static class InstanceEndpoints
{
    public static IEndpointRouteBuilder MapWorkflowInstanceEndpoints(this IEndpointRouteBuilder routes)
    {
        var limits = routes.ServiceProvider.GetRequiredService<WorkflowHostOptions>().InputLimits;
        var group = routes.MapGroup("/api/workflow-instances").WithTags("Workflows");
        group.MapPost("/", StartAsync).WithName("StartWorkflowInstance")
            .WithSummary("Start an instance; a repeated correlation key returns the existing instance.")
            .WithMetadata(BodyLimit.Around(limits.MaxInputBytes)).Validate<StartInstanceRequest>()
            .Allow(AccessRule.Scoped("a caller holding any role over the organisation"));
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
            .WithMetadata(BodyLimit.Around(limits.MaxPayloadBytes)).Validate<SignalRequest>()
            .Allow(AccessRule.Scoped("a caller holding any role over the organisation"));
        return routes;
    }

    private static async Task<Results<Created<InstanceResponse>, Ok<InstanceResponse>, ValidationProblem, ProblemHttpResult>> StartAsync(
        StartInstanceRequest request, Caller caller, NpgsqlDataSource db, WorkflowEngine engine, HttpContext context, CancellationToken cancellationToken)
    {
        // One round trip: the organisation's path and the version that would start there. The scope check below
        // still decides before anything is used.
        var (path, definition) = await DefinitionStore.FindStartableAsync(db, request.OrganisationId!.Value, request.DefinitionId!, request.Version,
            cancellationToken);
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
        var started = await engine.StartAsync(found.RowId, found.ContentHash, found.Document, request.OrganisationId.Value, path, applicant,
            request.CorrelationKey, request.Input!.Value, caller.Kind == CallerKind.Person ? caller.Id.ToString() : "api key " + caller.Name, cancellationToken);
        if (started.Refused is { } refused)
        {
            return InstanceActAnswers.InputProblem(refused);
        }

        if (started.Existing || started.State is null)
        {
            return TypedResults.Ok((await InstanceResponse.FromAsync(db, [(await InstanceStore.GetAsync(db, started.InstanceId, cancellationToken))!], cancellationToken))[0]);
        }

        // The new instance answers from what was committed (row version 1), as a read of it would show it.
        using var state = JsonDocument.Parse(started.State.ToJson());
        var variables = state.RootElement.TryGetProperty("variables", out var v) ? v.Clone() : JsonDocument.Parse("{}").RootElement.Clone();
        JsonElement? fault = state.RootElement.TryGetProperty("fault", out var f) ? f.Clone() : null;
        var response = new InstanceResponse(started.InstanceId, request.DefinitionId!, found.Version, found.ContentHash, request.OrganisationId.Value,
            applicant, request.CorrelationKey, started.Status.ToString(), 1, variables, fault, started.CreatedAt, started.CreatedAt);
        return TypedResults.Created($"/api/workflow-instances/{started.InstanceId}", response);
    }

    private static async Task<Results<Ok<List<InstanceResponse>>, ValidationProblem, ProblemHttpResult>> ListAsync(Guid organisationId, string? status,
        string? definitionId, string? correlationKey, Caller caller, NpgsqlDataSource db, HttpContext context, CancellationToken cancellationToken)
    {
        WorkflowStatus? wanted = null;
        if (status is not null)
        {
            if (!Enum.TryParse<WorkflowStatus>(status, ignoreCase: false, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(status, out _))
            {
                var errors = new RequestErrors();
                errors.Add("status", $"'status' must be one of {string.Join(", ", Enum.GetNames<WorkflowStatus>())}.");
                return errors.ToProblem();
            }

            wanted = parsed;
        }

        var (path, refusal) = await WorkflowScope.ReadableAsync(db, organisationId, caller, context, cancellationToken);
        if (path is null)
        {
            return refusal!;
        }

        var found = await InstanceStore.ListAsync(db, path, wanted, definitionId, correlationKey, cancellationToken);
        return TypedResults.Ok(await InstanceResponse.FromAsync(db, found, cancellationToken));
    }

    private static async Task<Results<Ok<InstanceResponse>, ProblemHttpResult>> GetAsync(Guid id, Caller caller, NpgsqlDataSource db,
        HttpContext context, CancellationToken cancellationToken)
    {
        if (await RefuseAsync(id, caller, db, context, administer: false, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        return TypedResults.Ok((await InstanceResponse.FromAsync(db, [(await InstanceStore.GetAsync(db, id, cancellationToken))!], cancellationToken))[0]);
    }

    private static async Task<Results<Ok<List<JournalResponse>>, ProblemHttpResult>> JournalAsync(Guid id, Caller caller, NpgsqlDataSource db,
        HttpContext context, CancellationToken cancellationToken)
    {
        if (await RefuseAsync(id, caller, db, context, administer: false, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        return TypedResults.Ok((await InstanceStore.JournalAsync(db, id, cancellationToken)).Select(j => new JournalResponse(j.Id, j.NodeId,
            j.ActivityType, j.Event, j.Iteration, j.Attempt, j.Outcomes, j.Actor, j.Inputs, j.Message, j.StartedAt, j.FinishedAt)).ToList());
    }

    private static async Task<Results<Ok<ActResponse>, ProblemHttpResult>> CancelAsync(Guid id, Caller caller, NpgsqlDataSource db,
        WorkflowEngine engine, HttpContext context, CancellationToken cancellationToken)
    {
        if (await RefuseAsync(id, caller, db, context, administer: true, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        return (await engine.CancelAsync(id, caller.ToString(), "cancelled through the API", cancellationToken)).ToHttp();
    }

    private static async Task<Results<Ok<SignalResponse>, Accepted<SignalResponse>, ValidationProblem, ProblemHttpResult>> SignalAsync(
        SignalRequest request, Caller caller, NpgsqlDataSource db, WorkflowEngine engine, WorkflowHostOptions options, HttpContext context,
        CancellationToken cancellationToken)
    {
        if (request.Payload is { } payload && InputBounds.Check(payload, options.InputLimits.MaxPayloadBytes, options.InputLimits) is { Count: > 0 } problems)
        {
            return InstanceActAnswers.InputProblem(new InstanceAct.InputRefused(problems, "payload"));
        }

        var path = await OrganisationReads.PathAsync(db, request.OrganisationId!.Value, cancellationToken);
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
        var owner = await InstanceStore.OwnerAsync(db, id, cancellationToken);
        if (owner is null)
        {
            return Problems.NotFound($"No workflow instance {id}.");
        }

        var allowed = administer ? caller.CanAdminister(owner.Value.Path) : caller.CanRead(owner.Value.Path);
        return allowed ? null : AccessDenial.Forbidden(context, caller, administer
            ? "Only an administrator over the instance's organisation may do this."
            : "The instance belongs to an organisation outside the caller's scope.");
    }
}
