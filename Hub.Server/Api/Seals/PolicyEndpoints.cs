using Hub.Activities.Seals;
using Hub.Activities.Seals.Policy;
using Hub.Server.Api.Validation;
using Hub.Server.Authorisation;
using Hub.Server.Seals.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace Hub.Server.Api.Seals;

/// <summary>Group policy (集团管控): effective rules per organisation, scoped edits, explain and dry run.</summary>
internal static class PolicyEndpoints
{
    public static IEndpointRouteBuilder MapSealPolicyEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/seal-policies").WithTags("Seal policies");
        group.MapGet("/", ListAsync).WithName("ListSealPolicies")
            .WithSummary("The rules in force at an organisation: its own and those inherited from every ancestor.")
            .Allow(AccessRule.Scoped("a caller holding any role over the organisation or below it"));
        group.MapPost("/", AddAsync).WithName("AddSealPolicy")
            .WithSummary("Add a rule owned by an organisation; a condition that does not type-check is refused with every problem.")
            .Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the owning organisation"));
        group.MapPut("/{id}", ChangeAsync).WithName("ChangeSealPolicy")
            .WithSummary("Change (or disable) a rule; the change is a new version.")
            .Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the organisation that owns the rule"));
        group.MapDelete("/{id}", RemoveAsync).WithName("RemoveSealPolicy")
            .WithSummary("Remove a rule; the removal is kept in its history.")
            .Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the organisation that owns the rule"));
        group.MapGet("/{id}/history", HistoryAsync).WithName("SealPolicyHistory")
            .WithSummary("Every version of a rule.")
            .Allow(AccessRule.Scoped("a caller holding any role over the organisation that owns the rule, or below it"));
        group.MapPost("/explain", ExplainAsync).WithName("ExplainSealPolicy")
            .WithSummary("Judge a hypothetical seal use against an organisation's policy, with the reasons in Chinese and English.")
            .Validate<ExplainRequest>()
            .Allow(AccessRule.Scoped("a caller holding any role over the organisation or below it"));
        group.MapPost("/dry-run", DryRunAsync).WithName("DryRunSealPolicy")
            .WithSummary("Judge a proposed change set against the latest recorded decisions and list those that would change; changes nothing.")
            .Validate<DryRunRequest>()
            .Allow(AccessRule.Scoped("an HqAdmin or OrgAdmin over the organisation whose rules would change"));
        return routes;
    }

    private static async Task<Results<Ok<List<PolicyRuleResponse>>, ProblemHttpResult>> ListAsync(Guid? organisation, Caller caller,
        NpgsqlDataSource db, HttpContext context, CancellationToken cancellationToken)
    {
        if (organisation is not { } id)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request",
                detail: "Name the organisation: ?organisation=ID.");
        }

        var (owner, refusal) = await ReadableAsync(db, id, caller, context, cancellationToken);
        if (owner is null)
        {
            return refusal!;
        }

        var rules = await SealPolicyStore.RulesAlongPathAsync(db, owner.Path, cancellationToken);
        return TypedResults.Ok(rules.Select(r => PolicyRuleResponse.From(r, owner.Id)).ToList());
    }

    private static async Task<Results<Created<PolicyRuleResponse>, ProblemHttpResult>> AddAsync(PolicyRuleRequest request, Caller caller,
        NpgsqlDataSource db, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        if (request.OrganisationId is not { } organisationId)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request",
                detail: "'organisationId' names the organisation that owns the rule.");
        }

        var result = await PolicyEditing.AddAsync(db, PolicyAnswers.Editor(caller), organisationId, request.ToDraft(), time.GetUtcNow(),
            cancellationToken);
        return result.Rule is { } rule
            ? TypedResults.Created($"/api/seal-policies/{rule.Id}", PolicyRuleResponse.From(rule, rule.OrganisationId))
            : PolicyAnswers.ToProblem(result.Refusal!, context, caller);
    }

    private static async Task<Results<Ok<PolicyRuleResponse>, ProblemHttpResult>> ChangeAsync(Guid id, PolicyRuleRequest request,
        Caller caller, NpgsqlDataSource db, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await PolicyEditing.ChangeAsync(db, PolicyAnswers.Editor(caller), id, request.ToDraft(), request.Version,
            time.GetUtcNow(), cancellationToken);
        return result.Rule is { } rule
            ? TypedResults.Ok(PolicyRuleResponse.From(rule, rule.OrganisationId))
            : PolicyAnswers.ToProblem(result.Refusal!, context, caller);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(Guid id, int? version, Caller caller, NpgsqlDataSource db,
        TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await PolicyEditing.RemoveAsync(db, PolicyAnswers.Editor(caller), id, version, time.GetUtcNow(), cancellationToken);
        return result.Rule is not null ? TypedResults.NoContent() : PolicyAnswers.ToProblem(result.Refusal!, context, caller);
    }

    private static async Task<Results<Ok<List<PolicyRuleVersionResponse>>, ProblemHttpResult>> HistoryAsync(Guid id, Caller caller,
        NpgsqlDataSource db, HttpContext context, CancellationToken cancellationToken)
    {
        var history = await SealPolicyStore.HistoryAsync(db, id, cancellationToken);
        if (history.Count == 0)
        {
            return Problems.NotFound($"No policy rule {id}.");
        }

        if (!PolicyVisible(caller, history[0].Rule.OrganisationPath))
        {
            return AccessDenial.Forbidden(context, caller, "The rule's organisation is outside the caller's scope.");
        }

        return TypedResults.Ok(history.Select(v => new PolicyRuleVersionResponse(v.Version, v.Change,
            PolicyRuleResponse.From(v.Rule, v.Rule.OrganisationId), v.ChangedBy, v.ChangedAt)).ToList());
    }

    private static async Task<Results<Ok<PolicyOutcomeResponse>, ValidationProblem, ProblemHttpResult>> ExplainAsync(ExplainRequest request,
        Caller caller, NpgsqlDataSource db, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var (owner, refusal) = await ReadableAsync(db, request.OrganisationId!.Value, caller, context, cancellationToken);
        if (owner is null)
        {
            return refusal!;
        }

        var at = request.At ?? time.GetUtcNow();
        var hypothetical = new SealUseRequest
        {
            SealId = Guid.Empty, SealType = request.SealType!.Value, OrganisationId = owner.Id, OrganisationPath = owner.Path,
            OrganisationName = owner.Name, Category = request.Category!.Trim(), Amount = request.Amount, Currency = request.Currency ?? "CNY",
            Counterparty = request.Counterparty, Unattended = request.Unattended, Emergency = request.Emergency, At = at,
            Approvals = [.. (request.Approvals ?? []).Select((a, i) => new RecordedApproval(a.Step ?? $"step-{i + 1}", a.Step ?? "",
                a.Decision!.Trim(), Guid.Empty, "", a.Roles ?? [], at))],
        };
        var rules = await SealPolicyStore.RulesAlongPathAsync(db, owner.Path, cancellationToken);
        return TypedResults.Ok(PolicyOutcomeResponse.From(GroupPolicy.Evaluate(hypothetical, rules)));
    }

    private static async Task<Results<Ok<DryRunResponse>, ValidationProblem, ProblemHttpResult>> DryRunAsync(DryRunRequest request,
        Caller caller, NpgsqlDataSource db, HttpContext context, CancellationToken cancellationToken)
    {
        var proposal = new PolicyDryRun.Proposal(request.OrganisationId!.Value,
            [.. (request.Added ?? []).Select(r => r.ToDraft())],
            [.. (request.Changed ?? []).Select(r => (r.Id!.Value, r.ToDraft()))],
            request.Removed ?? [], request.Limit ?? PolicyDryRun.DefaultLimit);
        var (result, refusal) = await PolicyDryRun.RunAsync(db, PolicyAnswers.Editor(caller), proposal, cancellationToken);
        return result is null
            ? PolicyAnswers.ToProblem(refusal!, context, caller)
            : TypedResults.Ok(new DryRunResponse(result.Evaluated, [.. result.Differences.Select(DryRunDifferenceResponse.From)]));
    }

    /// <summary>Policy owned at <paramref name="path"/> is visible to callers inside it and to everyone it binds: rules are
    /// inherited downwards, so a member must be able to read the rules of every organisation above them.</summary>
    private static bool PolicyVisible(Caller caller, string path) =>
        caller.CanRead(path) || caller.ReadableRoots.Any(root => root.StartsWith(path, StringComparison.Ordinal));

    private static async Task<(PolicyOwner? Owner, ProblemHttpResult? Refusal)> ReadableAsync(NpgsqlDataSource db, Guid id, Caller caller,
        HttpContext context, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var owner = await SealPolicyStore.OrganisationAsync(connection, null, id, cancellationToken);
        if (owner is null)
        {
            return (null, Problems.NotFound($"No organisation {id}."));
        }

        return PolicyVisible(caller, owner.Path)
            ? (owner, null)
            : (null, AccessDenial.Forbidden(context, caller, "The organisation is outside the caller's scope."));
    }
}
