using Hub.Activities.Seals.Policy;
using Npgsql;

namespace Hub.Server.Seals.Policy;

/// <summary>
/// Evaluates a proposed change set at one organisation against the latest recorded decisions the editor may see:
/// the policy part of each is judged under today's rules and under the changed ones, and every decision whose
/// outcome or deciding rules would differ is listed. Changes nothing.
/// </summary>
internal static class PolicyDryRun
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>One recorded decision whose policy outcome the change would alter.</summary>
    public sealed record Difference(SealDecisionStore.Recorded Decision, PolicyOutcome Before, PolicyOutcome After);

    /// <summary>How many decisions were judged, and which would change.</summary>
    public sealed record Result(int Evaluated, IReadOnlyList<Difference> Differences);

    /// <summary>A proposed change: drafts to add, drafts for existing rules (by id), ids to remove.</summary>
    public sealed record Proposal(Guid OrganisationId, IReadOnlyList<PolicyRuleDraft> Added,
        IReadOnlyList<(Guid Id, PolicyRuleDraft Draft)> Changed, IReadOnlyList<Guid> Removed, int Limit);

    public static async Task<(Result? Result, PolicyEditRefusal? Refusal)> RunAsync(NpgsqlDataSource db, PolicyEditor editor, Proposal proposal,
        CancellationToken cancellationToken)
    {
        PolicyChangeSet changes;
        await using (var connection = await db.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            var owner = await SealPolicyStore.OrganisationAsync(connection, transaction, proposal.OrganisationId, cancellationToken);
            if (owner is null)
            {
                return (null, PolicyEditRefusal.NotFound($"No organisation {proposal.OrganisationId}."));
            }

            if (!editor.MayEdit(owner.Path))
            {
                return (null, PolicyEditRefusal.OutsideScope($"Only an administrator over {owner.Name} may propose rules there."));
            }

            var current = await SealPolicyStore.RulesAlongPathAsync(connection, transaction, owner.Path, cancellationToken);
            var problems = new List<PolicyRuleProblem>();
            var added = new List<PolicyRule>();
            foreach (var (draft, index) in proposal.Added.Select((d, i) => (d, i)))
            {
                var (rule, found) = await PolicyEditing.BuildAsync(connection, transaction, editor, draft, Guid.NewGuid(), owner, 1, cancellationToken);
                added.Add(rule);
                problems.AddRange(found.Select(p => p with { Field = $"added[{index}].{p.Field}" }));
            }

            var changed = new List<PolicyRule>();
            foreach (var ((id, draft), index) in proposal.Changed.Select((c, i) => (c, i)))
            {
                var version = (current.FirstOrDefault(r => r.Id == id)?.Version ?? 0) + 1;
                var (rule, found) = await PolicyEditing.BuildAsync(connection, transaction, editor, draft, id, owner, version, cancellationToken);
                changed.Add(rule);
                problems.AddRange(found.Select(p => p with { Field = $"changed[{index}].{p.Field}" }));
            }

            changes = new PolicyChangeSet
            {
                OrganisationId = owner.Id, OrganisationPath = owner.Path, Added = added, Changed = changed, Removed = proposal.Removed,
            };
            // The drafts' own problems are listed above; the set adds ownership and duplicates.
            problems.AddRange(changes.Problems(current).Where(p => !p.Field.Contains('.', StringComparison.Ordinal)));
            if (problems.Count > 0)
            {
                return (null, PolicyEditRefusal.Invalid(problems));
            }
        }

        var decisions = await SealDecisionStore.LatestAsync(db, editor.ReadableRoots, proposal.Limit, cancellationToken);
        var rulesByPath = new Dictionary<string, IReadOnlyList<PolicyRule>>(StringComparer.Ordinal);
        var differences = new List<Difference>();
        foreach (var decision in decisions)
        {
            var path = decision.Request.OrganisationPath;
            if (!rulesByPath.TryGetValue(path, out var rules))
            {
                rulesByPath[path] = rules = await SealPolicyStore.RulesAlongPathAsync(db, path, cancellationToken);
            }

            var before = GroupPolicy.Evaluate(decision.Request, rules);
            var after = GroupPolicy.Evaluate(decision.Request, changes.ApplyTo(rules));
            if (before.Allowed != after.Allowed || !before.DecidingRuleIds.SequenceEqual(after.DecidingRuleIds))
            {
                differences.Add(new Difference(decision, before, after));
            }
        }

        return (new Result(decisions.Count, differences), null);
    }
}
