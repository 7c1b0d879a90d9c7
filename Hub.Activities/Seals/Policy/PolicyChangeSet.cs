namespace Hub.Activities.Seals.Policy;

/// <summary>
/// A proposed set of rule changes at one organisation, for a dry run: rules added there, rules owned there changed
/// (same id, new content) and rules owned there removed.
/// </summary>
public sealed record PolicyChangeSet
{
    /// <summary>The organisation whose rules change (id and path).</summary>
    public required Guid OrganisationId { get; init; }

    /// <summary>Its path.</summary>
    public required string OrganisationPath { get; init; }

    /// <summary>New rules, owned by the organisation.</summary>
    public IReadOnlyList<PolicyRule> Added { get; init; } = [];

    /// <summary>Changed rules (by id), owned by the organisation.</summary>
    public IReadOnlyList<PolicyRule> Changed { get; init; } = [];

    /// <summary>Ids of removed rules, owned by the organisation.</summary>
    public IReadOnlyList<Guid> Removed { get; init; } = [];

    /// <summary>Every problem: a rule not owned here, a change or removal of a rule that is not among
    /// <paramref name="current"/>, an id twice, and each rule's own problems.</summary>
    public IReadOnlyList<PolicyRuleProblem> Problems(IReadOnlyList<PolicyRule> current)
    {
        var problems = new List<PolicyRuleProblem>();
        var known = current.Where(r => r.OrganisationId == OrganisationId).Select(r => r.Id).ToHashSet();
        var seen = new HashSet<Guid>();
        foreach (var (rule, index, field) in Added.Select((r, i) => (r, i, "added")).Concat(Changed.Select((r, i) => (r, i, "changed"))))
        {
            var at = $"{field}[{index}]";
            if (rule.OrganisationId != OrganisationId || rule.OrganisationPath != OrganisationPath)
            {
                problems.Add(new(at, "the rule is not owned by the organisation of the change set"));
            }

            if (!seen.Add(rule.Id))
            {
                problems.Add(new(at, $"rule {rule.Id} appears more than once"));
            }

            if (field == "changed" && !known.Contains(rule.Id))
            {
                problems.Add(new(at, $"rule {rule.Id} is not a rule of this organisation"));
            }

            problems.AddRange(PolicyRuleCheck.Problems(rule).Select(p => new PolicyRuleProblem($"{at}.{p.Field}", p.Message)));
        }

        foreach (var (id, index) in Removed.Select((id, i) => (id, i)))
        {
            if (!known.Contains(id))
            {
                problems.Add(new($"removed[{index}]", $"rule {id} is not a rule of this organisation"));
            }
            else if (!seen.Add(id))
            {
                problems.Add(new($"removed[{index}]", $"rule {id} appears more than once"));
            }
        }

        return problems;
    }

    /// <summary>The rules after the change; rules owned elsewhere are untouched, whatever the change set says.</summary>
    public IReadOnlyList<PolicyRule> ApplyTo(IReadOnlyList<PolicyRule> current)
    {
        var removed = Removed.ToHashSet();
        var changed = Changed.Where(r => r.OrganisationId == OrganisationId).ToDictionary(r => r.Id);
        var result = new List<PolicyRule>();
        foreach (var rule in current)
        {
            if (rule.OrganisationId != OrganisationId)
            {
                result.Add(rule);
            }
            else if (!removed.Contains(rule.Id))
            {
                result.Add(changed.TryGetValue(rule.Id, out var next) ? next with { OrganisationPath = rule.OrganisationPath } : rule);
            }
        }

        result.AddRange(Added.Where(r => r.OrganisationId == OrganisationId && r.OrganisationPath == OrganisationPath));
        return result;
    }
}
