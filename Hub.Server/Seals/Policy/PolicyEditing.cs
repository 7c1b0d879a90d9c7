using Hub.Activities.Seals.Policy;
using Npgsql;

namespace Hub.Server.Seals.Policy;

/// <summary>
/// Adds, changes and removes group-policy rules for an editor: the owner must exist, the editor's scope must cover it
/// (<see cref="PolicyEditRights"/>: nobody touches a rule owned above them), the rule must pass
/// <see cref="PolicyRuleCheck"/>, and the change, its version row and its evidence act commit together.
/// </summary>
internal static class PolicyEditing
{
    public static async Task<PolicyEditResult> AddAsync(NpgsqlDataSource db, PolicyEditor editor, Guid organisationId, PolicyRuleDraft draft,
        DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var owner = await SealPolicyStore.OrganisationAsync(connection, transaction, organisationId, cancellationToken);
        if (owner is null)
        {
            return PolicyEditRefusal.NotFound($"No organisation {organisationId}.");
        }

        if (!editor.MayEdit(owner.Path))
        {
            return PolicyEditRefusal.OutsideScope($"Only an administrator over {owner.Name} may add rules there.");
        }

        var (rule, problems) = await BuildAsync(connection, transaction, editor, draft, Guid.NewGuid(), owner, 1, cancellationToken);
        if (problems.Count > 0)
        {
            return PolicyEditRefusal.Invalid(problems);
        }

        await SealPolicyStore.AddAsync(connection, transaction, rule, editor.ActorId, at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new PolicyEditResult(rule, null);
    }

    public static async Task<PolicyEditResult> ChangeAsync(NpgsqlDataSource db, PolicyEditor editor, Guid ruleId, PolicyRuleDraft draft,
        int? expectedVersion, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (current, refusal) = await LockEditableAsync(connection, transaction, editor, ruleId, expectedVersion, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var owner = new PolicyOwner(current!.OrganisationId, current.OrganisationPath, current.OrganisationName);
        var (rule, problems) = await BuildAsync(connection, transaction, editor, draft, current.Id, owner, current.Version + 1, cancellationToken);
        if (problems.Count > 0)
        {
            return PolicyEditRefusal.Invalid(problems);
        }

        var changed = await SealPolicyStore.ChangeAsync(connection, transaction, current, rule, editor.ActorId, at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new PolicyEditResult(changed, null);
    }

    public static async Task<PolicyEditResult> RemoveAsync(NpgsqlDataSource db, PolicyEditor editor, Guid ruleId, int? expectedVersion,
        DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (current, refusal) = await LockEditableAsync(connection, transaction, editor, ruleId, expectedVersion, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        await SealPolicyStore.RemoveAsync(connection, transaction, current!, editor.ActorId, at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new PolicyEditResult(current, null);
    }

    /// <summary>The rule from <paramref name="draft"/>, with every problem: its own and an approval scope that does not
    /// exist or that the editor may not name (one above the owner, or one they can see).</summary>
    internal static async Task<(PolicyRule Rule, IReadOnlyList<PolicyRuleProblem> Problems)> BuildAsync(NpgsqlConnection connection,
        NpgsqlTransaction transaction, PolicyEditor editor, PolicyRuleDraft draft, Guid id, PolicyOwner owner, int version,
        CancellationToken cancellationToken)
    {
        var problems = new List<PolicyRuleProblem>();
        string? scopePath = null;
        if (draft.RequiredScopeOrganisationId is { } scopeId)
        {
            var scope = await SealPolicyStore.OrganisationAsync(connection, transaction, scopeId, cancellationToken);
            if (scope is null || !(owner.Path.StartsWith(scope.Path, StringComparison.Ordinal) || editor.MayRead(scope.Path)))
            {
                problems.Add(new("requiredScopeOrganisationId", $"no organisation {scopeId} above this one or in your scope"));
            }
            else
            {
                scopePath = scope.Path;
            }
        }

        var rule = draft.ToRule(id, owner, scopePath, version);
        if (draft.Kind is null)
        {
            problems.Add(new("kind", "is required"));
        }

        // The domain names the scope by path; the author named it by organisation id, so report it under that name.
        var scopeNamed = problems.Count > 0;
        foreach (var problem in PolicyRuleCheck.Problems(rule))
        {
            if (problem.Field == "kind" && draft.Kind is null || problem.Field == "requiredScope" && scopeNamed)
            {
                continue;
            }

            problems.Add(problem.Field == "requiredScope" ? problem with { Field = "requiredScopeOrganisationId" } : problem);
        }

        return (rule, problems);
    }

    private static async Task<(PolicyRule? Rule, PolicyEditRefusal? Refusal)> LockEditableAsync(NpgsqlConnection connection,
        NpgsqlTransaction transaction, PolicyEditor editor, Guid ruleId, int? expectedVersion, CancellationToken cancellationToken)
    {
        var current = await SealPolicyStore.LockAsync(connection, transaction, ruleId, cancellationToken);
        if (current is null)
        {
            return (null, PolicyEditRefusal.NotFound($"No policy rule {ruleId}."));
        }

        if (!editor.MayEdit(current.OrganisationPath))
        {
            return (null, PolicyEditRefusal.OutsideScope(
                $"The rule belongs to {current.OrganisationName}; only an administrator over it may change or remove it."));
        }

        if (expectedVersion is { } expected && expected != current.Version)
        {
            return (null, new PolicyEditRefusal(PolicyEditRefusalKind.VersionMoved,
                $"The rule is at version {current.Version}, not {expected}; reload it and edit again.", []));
        }

        return (current, null);
    }
}
