using Hub.Server.Workflows;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hub.Server.Api.Workflows;

/// <summary>The one place an <see cref="InstanceAct"/> becomes HTTP: done is 200 with where the instance stands, a
/// missing target 404, a refused start input 400 listing every problem, every other refusal 409 with its reason.</summary>
internal static class InstanceActAnswers
{
    public static Results<Ok<ActResponse>, ProblemHttpResult> ToHttp(this InstanceAct act) => act switch
    {
        InstanceAct.Done done => TypedResults.Ok(new ActResponse(done.InstanceId, done.Status.ToString())),
        InstanceAct.NotFound missing => Problems.NotFound($"No {missing.What}."),
        InstanceAct.AlreadyResolved resolved => Problems.Conflict($"Incident {resolved.IncidentId} is {resolved.Status.ToString().ToLowerInvariant()}."),
        InstanceAct.InstanceEnded ended => Problems.Conflict(
            $"Instance {ended.InstanceId} is {ended.Status.ToString().ToLowerInvariant()}; only a running, suspended or faulted instance can be cancelled."),
        InstanceAct.NoLongerWaiting waiting => Problems.Conflict(waiting.Reason),
        InstanceAct.OutcomeRefused refused => Problems.Conflict(refused.Reason),
        InstanceAct.InputRefused input => InputProblem(input),
        _ => throw new ArgumentOutOfRangeException(nameof(act), act, "an act this answer does not know"),
    };

    /// <summary>400 in the shape of every other validation answer: <c>errors</c> keyed by the JSON path of each
    /// offending value inside the refused field (<c>input</c>, <c>payload</c>; <c>$</c> is the whole field).</summary>
    public static ProblemHttpResult InputProblem(InstanceAct.InputRefused refused)
    {
        var errors = refused.Problems.GroupBy(p => p.Path, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal);
        return TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = refused.Field == "input" ? "The input does not fit the definition" : $"The {refused.Field} is refused",
            Detail = $"Fix these values of '{refused.Field}': {string.Join(", ", errors.Keys)}.",
        });
    }
}
