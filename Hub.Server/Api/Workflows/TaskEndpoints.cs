using Hub.Server.Api.Validation;
using Hub.Server.Authorisation;
using Hub.Server.Workflows;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace Hub.Server.Api.Workflows;

/// <summary>Human tasks: my inbox, claim, decide, delegate. Only a candidate may act (others get 403); every act
/// is journaled on the instance with who and when.</summary>
internal static class TaskEndpoints
{
    public static IEndpointRouteBuilder MapTaskEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/tasks").WithTags("Workflows");
        group.MapGet("/", InboxAsync).WithName("ListMyTasks").WithSummary("The caller's open tasks.")
            .Allow(AccessRule.AnyCaller("only tasks naming the caller as a candidate"));
        group.MapPost("/{id}/claim", (Guid id, Caller caller, HumanTasks tasks, HttpContext context, CancellationToken ct) =>
                ActAsync(caller, context, () => tasks.ClaimAsync(id, caller.Id, ct)))
            .WithName("ClaimTask").WithSummary("Take a task so other candidates leave it.")
            .Allow(AccessRule.Scoped("a candidate of the task"));
        group.MapPost("/{id}/decision", (Guid id, DecisionRequest request, Caller caller, HumanTasks tasks, HttpContext context, CancellationToken ct) =>
                ActAsync(caller, context, () => tasks.DecideAsync(id, caller.Id, request.Decision!, request.Comment, ct)))
            .WithName("DecideTask").WithSummary("Approve, reject or return to the applicant, with a comment.")
            .Validate<DecisionRequest>().Allow(AccessRule.Scoped("a candidate of the task (its assignee once claimed)"));
        group.MapPost("/{id}/delegate", DelegateAsync).WithName("DelegateTask").WithSummary("Hand the task to another person.")
            .Validate<DelegateRequest>().Allow(AccessRule.Scoped("a candidate of the task; the delegate must belong to the instance's organisation tree"));
        return routes;
    }

    private static async Task<Ok<List<TaskResponse>>> InboxAsync(Caller caller, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            SELECT id, instance_id, organisation_id, node_id, title, status, candidate_ids, assignee_id, due_at, escalated, decision, comment, created_at
            FROM hub.workflow_tasks WHERE status IN ('Open', 'Claimed') AND candidate_ids @> ARRAY[$1]::uuid[]
              AND (assignee_id IS NULL OR assignee_id = $1) ORDER BY created_at LIMIT 500
            """);
        command.Parameters.AddWithValue(caller.Id);
        var list = new List<TaskResponse>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new TaskResponse(reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetFieldValue<Guid[]>(6), reader.IsDBNull(7) ? null : reader.GetGuid(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8), reader.GetBoolean(9), InstanceEndpoints.Text(reader, 10),
                InstanceEndpoints.Text(reader, 11), reader.GetFieldValue<DateTimeOffset>(12)));
        }

        return TypedResults.Ok(list);
    }

    private static async Task<Results<Ok<ActResponse>, ValidationProblem, ProblemHttpResult>> DelegateAsync(Guid id, DelegateRequest request,
        Caller caller, HumanTasks tasks, NpgsqlDataSource db, HttpContext context, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            SELECT o.path, (SELECT h.path FROM hub.users u JOIN hub.organisations h ON h.id = u.organisation_id WHERE u.id = $2)
            FROM hub.workflow_tasks t JOIN hub.organisations o ON o.id = t.organisation_id WHERE t.id = $1
            """);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(request.UserId!.Value);
        string? taskPath = null, delegatePath = null;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                (taskPath, delegatePath) = (reader.GetString(0), InstanceEndpoints.Text(reader, 1));
            }
        }

        if (taskPath is not null && (delegatePath is null || !(delegatePath.StartsWith(taskPath, StringComparison.Ordinal) || taskPath.StartsWith(delegatePath, StringComparison.Ordinal))))
        {
            var errors = new RequestErrors();
            errors.Add("userId", delegatePath is null ? $"No user {request.UserId}." : "The delegate must belong to the instance's organisation, below it or above it.");
            return errors.ToProblem();
        }

        return await ActAsync(caller, context, () => tasks.DelegateAsync(id, caller.Id, request.UserId.Value, request.Comment, cancellationToken));
    }

    private static async Task<Results<Ok<ActResponse>, ValidationProblem, ProblemHttpResult>> ActAsync(Caller caller, HttpContext context,
        Func<Task<HumanTasks.Act>> act)
    {
        if (caller.Kind != CallerKind.Person)
        {
            return AccessDenial.Forbidden(context, caller, "Tasks are decided by people; an API key is never a candidate.");
        }

        var result = await act();
        return result.Status switch
        {
            200 => TypedResults.Ok(new ActResponse(result.InstanceId, result.InstanceStatus!)),
            403 => AccessDenial.Forbidden(context, caller, result.Refusal!),
            404 => Problems.NotFound(result.Refusal!),
            _ => Problems.Conflict(result.Refusal!),
        };
    }
}
