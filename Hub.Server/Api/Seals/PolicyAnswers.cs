using Hub.Server.Authorisation;
using Hub.Server.Seals.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hub.Server.Api.Seals;

/// <summary>The one place a refused policy edit becomes HTTP: 404, 403 (logged), 422 with every problem, 409.</summary>
internal static class PolicyAnswers
{
    public static ProblemHttpResult ToProblem(PolicyEditRefusal refusal, HttpContext context, Caller caller) => refusal.Kind switch
    {
        PolicyEditRefusalKind.NotFound => Problems.NotFound(refusal.Detail),
        PolicyEditRefusalKind.OutsideScope => AccessDenial.Forbidden(context, caller, refusal.Detail),
        PolicyEditRefusalKind.VersionMoved => Problems.Conflict(refusal.Detail),
        PolicyEditRefusalKind.Invalid => TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "The rule cannot be saved", detail: refusal.Detail,
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = refusal.Problems.GroupBy(p => p.Field, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal),
            }),
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal.Kind, "Unknown policy refusal."),
    };

    public static PolicyEditor Editor(Caller caller) =>
        new(caller.Kind == CallerKind.Person ? caller.Id : null, [.. caller.Roles.Select(r => (r.Role, r.OrganisationPath))]);
}
