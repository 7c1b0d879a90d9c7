namespace Hub.Activities.Seals.Policy;

/// <summary>Checks a rule before it is saved, listing every problem (the condition is type-checked against
/// <see cref="PolicyConditions.Environment"/>), so an author fixes them all in one round.</summary>
public static class PolicyRuleCheck
{
    /// <summary>Longest accepted name.</summary>
    public const int MaxNameLength = 200;

    /// <summary>Longest accepted explanation, per language.</summary>
    public const int MaxExplanationLength = 500;

    /// <summary>Every problem with <paramref name="rule"/>; empty when it may be saved.</summary>
    public static IReadOnlyList<PolicyRuleProblem> Problems(PolicyRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var problems = new List<PolicyRuleProblem>();
        Text(problems, "name", rule.Name, MaxNameLength);
        Text(problems, "explanationChinese", rule.ExplanationChinese, MaxExplanationLength);
        Text(problems, "explanationEnglish", rule.ExplanationEnglish, MaxExplanationLength);
        if (!Enum.IsDefined(rule.Kind))
        {
            problems.Add(new("kind", $"'{rule.Kind}' is not a rule kind"));
        }

        problems.AddRange(PolicyConditions.Problems(rule.Condition ?? "").Select(p => new PolicyRuleProblem("condition", p)));
        foreach (var type in rule.SealTypes.Where(t => !Enum.IsDefined(t)))
        {
            problems.Add(new("sealTypes", $"'{type}' is not a seal type"));
        }

        switch (rule.Kind)
        {
            case PolicyRuleKind.RequireApproval:
                if (rule.RequiredRole is null || !Enum.IsDefined(rule.RequiredRole.Value))
                {
                    problems.Add(new("requiredRole", "an approval rule names the role the approver must hold"));
                }

                if (!IsPath(rule.RequiredScopePath))
                {
                    problems.Add(new("requiredScope", "an approval rule names the organisation the role must be held at or above"));
                }

                break;
            case PolicyRuleKind.AmountLimit:
                if (rule.MaxAmount is not { } max || max < 0)
                {
                    problems.Add(new("maxAmount", "an amount limit needs a maximum of zero or more"));
                }

                if (rule.Currency is not { Length: 3 } currency || !currency.All(char.IsAsciiLetterUpper))
                {
                    problems.Add(new("currency", "the currency is an ISO 4217 code such as CNY"));
                }

                break;
        }

        return problems;
    }

    private static void Text(List<PolicyRuleProblem> problems, string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add(new(field, "is required"));
        }
        else if (value.Length > max)
        {
            problems.Add(new(field, $"is {value.Length} characters long, more than {max}"));
        }
    }

    private static bool IsPath(string? path) =>
        path is { Length: > 1 } && path[0] == '/' && path[^1] == '/';
}
