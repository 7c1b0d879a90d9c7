using Hub.Activities.Documents.Records;
using Hub.Server.Api.Validation;
using Hub.Server.Authorisation;
using Hub.Server.Documents;
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
        group.MapGet("/{id}", DetailAsync).WithName("GetTask")
            .WithSummary("One task with what it asks: the request's input, the applicant, the instance's documents and the decisions given so far.")
            .Allow(AccessRule.Scoped("a candidate, the assignee or the decider of the task, or a caller holding any role over its organisation"));
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
        var people = await PersonNames.ReadAsync(db, tasks.SelectMany(t => t.Assignee is { } a ? t.Candidates.Append(a) : t.Candidates), cancellationToken);
        return TypedResults.Ok(tasks.Select(t => new TaskResponse(t.Id, t.InstanceId, t.OrganisationId, t.NodeId, t.Title, StoredText.Of(t.Status),
            t.Candidates, t.Assignee, t.DueAt, t.Escalated, t.Decision, t.Comment, t.CreatedAt, [.. t.Candidates.Select(c => PersonResponse.Of(c, people))],
            t.Assignee is { } assignee ? PersonResponse.Of(assignee, people) : null)).ToList());
    }

    private static async Task<Results<Ok<TaskDetailResponse>, ProblemHttpResult>> DetailAsync(Guid id, Caller caller, NpgsqlDataSource db,
        DocumentRecordStore documentRecords, HttpContext context, CancellationToken cancellationToken)
    {
        var detail = await TaskStore.DetailAsync(db, id, cancellationToken);
        if (detail is null)
        {
            return Problems.NotFound($"No task {id}.");
        }

        var task = detail.Task;
        if (!(task.Candidates.Contains(caller.Id) || task.Assignee == caller.Id || detail.DecidedBy == caller.Id || caller.CanRead(detail.OrganisationPath)))
        {
            return AccessDenial.Forbidden(context, caller, "The task is neither the caller's nor in an organisation the caller may read.");
        }

        var request = await InstanceStore.RequestAsync(db, task.InstanceId, cancellationToken);
        var documents = await documentRecords.OfInstanceAsync(task.InstanceId, cancellationToken);
        var decided = await TaskStore.DecidedAsync(db, task.InstanceId, cancellationToken);
        var instance = request!.Instance;
        var people = await PersonNames.ReadAsync(db, task.Candidates.Concat(decided.Select(d => d.DecidedBy))
            .Concat(new[] { task.Assignee, detail.DecidedBy, instance.ApplicantId }.OfType<Guid>()), cancellationToken);
        var organisation = await OrganisationReads.NameAsync(db, task.OrganisationId, cancellationToken);

        PersonResponse? Person(Guid? person) => person is { } p ? PersonResponse.Of(p, people) : null;
        return TypedResults.Ok(new TaskDetailResponse(task.Id, task.NodeId, task.Title, StoredText.Of(task.Status),
            new OrganisationRef(task.OrganisationId, organisation ?? ""), [.. task.Candidates.Select(c => PersonResponse.Of(c, people))],
            Person(task.Assignee), task.DueAt, task.Escalated, task.Decision, task.Comment, Person(detail.DecidedBy), detail.DecidedAt, task.CreatedAt,
            new TaskInstanceResponse(instance.Id, instance.DefinitionId, instance.DefinitionVersion, request.DefinitionName, instance.Status.ToString(),
                Person(instance.ApplicantId), instance.CreatedAt),
            request.Input,
            [.. documents.Select(d => new TaskDocumentResponse(d.DocumentId, DocumentRecord.KindText(d.Kind), d.Status, d.Title, d.FileName, d.NodeId,
                d.CreatedAt, $"/api/documents/{d.DocumentId}", $"/api/documents/{d.DocumentId}/content"))],
            [.. decided.Select(d => new TaskDecisionResponse(d.NodeId, d.Title, d.Decision.ToLowerInvariant(), PersonResponse.Of(d.DecidedBy, people),
                d.Comment ?? "", d.DecidedAt))]));
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
