using System.Text.Json;
using Hub.Server.Api.Validation;
using Hub.Server.Authorisation;
using Hub.Server.Workflows;
using Hub.Workflows.Runtime;
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
        group.MapPost("/{id}/retry", (Guid id, Caller caller, NpgsqlDataSource db, WorkflowEngine engine, TimeProvider time, HttpContext context, CancellationToken ct) =>
                ResolveAsync(id, "Retried", null, caller, db, engine, time, context, ct))
            .WithName("RetryIncident").WithSummary("Run the faulted node again, or deliver the message again.")
            .Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the instance's organisation"));
        group.MapPost("/{id}/skip", (Guid id, SkipRequest request, Caller caller, NpgsqlDataSource db, WorkflowEngine engine, TimeProvider time, HttpContext context, CancellationToken ct) =>
                ResolveAsync(id, "Skipped", request.Outcome, caller, db, engine, time, context, ct))
            .WithName("SkipIncident").WithSummary("Complete the faulted node with an outcome, or resume a failed delivery as failed.")
            .Validate<SkipRequest>().Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the instance's organisation"));
        group.MapPost("/{id}/cancel", (Guid id, Caller caller, NpgsqlDataSource db, WorkflowEngine engine, TimeProvider time, HttpContext context, CancellationToken ct) =>
                ResolveAsync(id, "Cancelled", null, caller, db, engine, time, context, ct))
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

        await using var command = db.CreateCommand("""
            SELECT n.id, n.instance_id, n.kind, n.node_id, n.error_type, n.message, n.attempt, n.status, n.created_at
            FROM hub.workflow_incidents n JOIN hub.workflow_instances i ON i.id = n.instance_id JOIN hub.organisations o ON o.id = i.organisation_id
            WHERE o.path LIKE $1 || '%' AND n.status = 'Open' ORDER BY n.created_at LIMIT 1000
            """);
        command.Parameters.AddWithValue(path);
        var list = new List<IncidentResponse>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new IncidentResponse(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), InstanceEndpoints.Text(reader, 3),
                reader.GetString(4), reader.GetString(5), reader.GetInt32(6), reader.GetString(7), reader.GetFieldValue<DateTimeOffset>(8)));
        }

        return TypedResults.Ok(list);
    }

    private static async Task<Results<Ok<ActResponse>, ProblemHttpResult>> ResolveAsync(Guid id, string resolution, string? outcome, Caller caller,
        NpgsqlDataSource db, WorkflowEngine engine, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        Guid instanceId;
        string kind, status;
        string? nodeId;
        await using (var command = db.CreateCommand("SELECT instance_id, kind, node_id, status FROM hub.workflow_incidents WHERE id = $1"))
        {
            command.Parameters.AddWithValue(id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return Problems.NotFound($"No incident {id}.");
            }

            (instanceId, kind, nodeId, status) = (reader.GetGuid(0), reader.GetString(1), InstanceEndpoints.Text(reader, 2), reader.GetString(3));
        }

        if (await InstanceEndpoints.RefuseAsync(instanceId, caller, db, context, administer: true, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        if (status != "Open")
        {
            return Problems.Conflict($"Incident {id} is {status.ToLowerInvariant()}.");
        }

        await using var tx = await engine.BeginAsync(cancellationToken);
        var instance = (await InstanceRecord.LockAsync(tx, instanceId, cancellationToken))!;
        var now = time.GetUtcNow();
        tx.Write("UPDATE hub.workflow_incidents SET status = $2, resolved_at = $3, resolved_by = $4 WHERE id = $1 AND status = 'Open'",
            [id, resolution, now, caller.ToString()], $"incident {id} was resolved at the same time");
        try
        {
            switch (resolution, kind)
            {
                case ("Cancelled", _):
                    if (engine.Cancel(tx, instance, caller.ToString(), $"incident {id} cancelled") is { } conflict)
                    {
                        return Problems.Conflict(conflict);
                    }

                    break;
                case ("Retried", "Fault"):
                    await engine.Committer.ApplyAsync(tx, instance, new RetryStimulus(nodeId!, caller.ToString()), cancellationToken);
                    break;
                case ("Skipped", "Fault"):
                    await engine.Committer.ApplyAsync(tx, instance, new SkipStimulus(nodeId!, outcome!, caller.ToString()), cancellationToken);
                    break;
                case ("Retried", _):
                    tx.Write("""
                        WITH again AS (UPDATE hub.workflow_outbox SET status = 'Pending', attempts = 0 WHERE instance_id = $1 AND node_id = $2 AND status = 'Failed'
                                       RETURNING idempotency_key)
                        INSERT INTO hub.workflow_work_items (instance_id, kind, target, due_at, attempts, created_at)
                        SELECT $1, 'Deliver', again.idempotency_key, $3, 0, $3 FROM again ON CONFLICT (kind, target) DO NOTHING
                        """, [instanceId, nodeId, now]);
                    tx.WakeWorkers(now);
                    break;
                default:
                    var failed = JsonSerializer.SerializeToElement(new { succeeded = false, status = 0, body = "delivery skipped by an operator" });
                    var bookmark = instance.State.Bookmarks.FirstOrDefault(b => b.Kind == BookmarkKind.OutboundCompletion && b.NodeId == nodeId)
                        ?? throw new StimulusRejectedException($"instance {instanceId} no longer waits for a delivery of node '{nodeId}'");
                    await engine.Committer.ApplyAsync(tx, instance, new ResumeStimulus(bookmark.Id, failed, caller.ToString()), cancellationToken);
                    break;
            }
        }
        catch (StimulusRejectedException e)
        {
            return Problems.Conflict(e.Message);
        }

        await tx.CommitAsync(cancellationToken);
        await using var read = db.CreateCommand("SELECT status FROM hub.workflow_instances WHERE id = $1");
        read.Parameters.AddWithValue(instanceId);
        return TypedResults.Ok(new ActResponse(instanceId, (string)(await read.ExecuteScalarAsync(cancellationToken))!));
    }
}
