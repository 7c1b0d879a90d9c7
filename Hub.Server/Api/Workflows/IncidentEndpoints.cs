using Hub.Server.Api.Validation;
using Hub.Server.Authorisation;
using Hub.Server.Workflows;
using Hub.Server.Workflows.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace Hub.Server.Api.Workflows;

/// <summary>Incidents: exhausted retries (Fault) and exhausted deliveries (Delivery). Operators list them and retry,
/// skip or cancel; each act is journaled on the instance.</summary>
internal static class IncidentEndpoints
{
    public static IEndpointRouteBuilder MapIncidentEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/incidents").WithTags("Workflows");
        group.MapGet("/", ListAsync).WithName("ListIncidents").WithSummary("Open incidents of an organisation subtree.")
            .Allow(AccessRule.Scoped("a caller holding any role over the organisation"));
        group.MapPost("/{id}/retry", (Guid id, Caller caller, NpgsqlDataSource db, Incidents incidents, HttpContext context, CancellationToken ct) =>
                ActAsync(id, caller, db, context, () => incidents.RetryAsync(id, caller.ToString(), ct), ct))
            .WithName("RetryIncident").WithSummary("Run the faulted node again, or deliver the message again.")
            .Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the instance's organisation"));
        group.MapPost("/{id}/skip", (Guid id, SkipRequest request, Caller caller, NpgsqlDataSource db, Incidents incidents, HttpContext context, CancellationToken ct) =>
                ActAsync(id, caller, db, context, () => incidents.SkipAsync(id, request.Outcome!, caller.ToString(), ct), ct))
            .WithName("SkipIncident").WithSummary("Complete the faulted node with one of its outcomes, or resume the node of a failed delivery as failed (naming the outcome it then takes).")
            .Validate<SkipRequest>().Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the instance's organisation"));
        group.MapPost("/{id}/cancel", (Guid id, Caller caller, NpgsqlDataSource db, Incidents incidents, HttpContext context, CancellationToken ct) =>
                ActAsync(id, caller, db, context, () => incidents.CancelAsync(id, caller.ToString(), ct), ct))
            .WithName("CancelIncident").WithSummary("Cancel the instance of the incident.")
            .Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the instance's organisation"));
        return routes;
    }

    private static async Task<Results<Ok<List<IncidentResponse>>, ProblemHttpResult>> ListAsync(Guid organisationId, Caller caller,
        NpgsqlDataSource db, HttpContext context, CancellationToken cancellationToken)
    {
        var (path, refusal) = await WorkflowScope.ReadableAsync(db, organisationId, caller, context, cancellationToken);
        if (path is null)
        {
            return refusal!;
        }

        return TypedResults.Ok((await IncidentStore.ListOpenAsync(db, path, cancellationToken)).Select(n => new IncidentResponse(n.Id, n.InstanceId,
            n.Kind.ToString(), n.NodeId, n.ErrorType, n.Message, n.Attempt, n.Status.ToString(), n.CreatedAt)).ToList());
    }

    /// <summary>404 for no incident, 403 unless the caller administers its instance's organisation; otherwise the act.</summary>
    private static async Task<Results<Ok<ActResponse>, ProblemHttpResult>> ActAsync(Guid id, Caller caller, NpgsqlDataSource db,
        HttpContext context, Func<Task<InstanceAct>> act, CancellationToken cancellationToken)
    {
        var owner = await IncidentStore.OwnerPathAsync(db, id, cancellationToken);
        if (owner is null)
        {
            return Problems.NotFound($"No incident {id}.");
        }

        if (!caller.CanAdminister(owner))
        {
            return AccessDenial.Forbidden(context, caller, "Only an administrator over the instance's organisation may do this.");
        }

        return (await act()).ToHttp();
    }
}
