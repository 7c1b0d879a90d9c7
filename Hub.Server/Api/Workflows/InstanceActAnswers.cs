using Hub.Server.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hub.Server.Api.Workflows;

/// <summary>The one place an operator's <see cref="InstanceAct"/> becomes HTTP: done is 200 with where the instance
/// stands, a missing target 404, every refusal 409 with its reason.</summary>
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
        _ => throw new ArgumentOutOfRangeException(nameof(act), act, "an act this answer does not know"),
    };
}
