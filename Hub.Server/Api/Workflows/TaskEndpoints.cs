using Hub.Server.Api.Validation;
using Hub.Server.Authorisation;
using Hub.Server.Workflows;
using Hub.Server.Workflows.Stores;
using Hub.Workflows.HumanTasks;
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
            .WithMetadata(BodyLimit.Around(0)).Validate<DecisionRequest>().Allow(AccessRule.Scoped("a candidate of the task (its assignee once claimed)"));
        group.MapPost("/{id}/delegate", (Guid id, DelegateRequest request, Caller caller, HumanTasks tasks, HttpContext context, CancellationToken ct) =>
                ActAsync(caller, context, () => tasks.DelegateAsync(id, caller.Id, request.UserId!.Value, request.Comment, ct)))
            .WithName("DelegateTask").WithSummary("Hand the task to another person.")
            .WithMetadata(BodyLimit.Around(0)).Validate<DelegateRequest>().Allow(AccessRule.Scoped("a candidate of the task; the delegate must belong to the instance's organisation tree"));
        return routes;
    }

    private static async Task<Ok<List<TaskResponse>>> InboxAsync(Caller caller, NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        var tasks = await TaskStore.InboxAsync(db, caller.Id, cancellationToken);
        return TypedResults.Ok(tasks.Select(t => new TaskResponse(t.Id, t.InstanceId, t.OrganisationId, t.NodeId, t.Title, StoredText.Of(t.Status),
            t.Candidates, t.Assignee, t.DueAt, t.Escalated, t.Decision, t.Comment, t.CreatedAt)).ToList());
    }

    private static async Task<Results<Ok<ActResponse>, ValidationProblem, ProblemHttpResult>> ActAsync(Caller caller, HttpContext context,
        Func<Task<HumanTasks.Outcome>> act)
    {
        if (caller.Kind != CallerKind.Person)
        {
            return AccessDenial.Forbidden(context, caller, "Tasks are decided by people; an API key is never a candidate.");
        }

        var outcome = await act();
        return outcome.Act.Refusal is { } refusal
            ? Refused(refusal, outcome.Act.Message!, caller, context)
            : TypedResults.Ok(new ActResponse(outcome.InstanceId, outcome.InstanceStatus!));
    }

    /// <summary>The one place a task refusal becomes an HTTP answer.</summary>
    private static Results<Ok<ActResponse>, ValidationProblem, ProblemHttpResult> Refused(TaskRefusal refusal, string message, Caller caller,
        HttpContext context)
    {
        switch (refusal)
        {
            case TaskRefusal.NotFound:
                return Problems.NotFound(message);
            case TaskRefusal.NotCandidate or TaskRefusal.NotAPerson:
                return AccessDenial.Forbidden(context, caller, message);
            case TaskRefusal.DelegateOutsideOrganisation:
                var errors = new RequestErrors();
                errors.Add("userId", message);
                return errors.ToProblem();
            default:
                return Problems.Conflict(message);
        }
    }
}
