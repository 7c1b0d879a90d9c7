using Hub.Activities.Seals.Policy;
using static Hub.Activities.Tests.Seals.Policy.PolicyBuilders;

namespace Hub.Activities.Tests.Seals.Policy;

public sealed class PolicyRuleCheckTests
{
    [Fact]
    public void Problems_WellFormedRule_None()
    {
        Assert.Empty(PolicyRuleCheck.Problems(GroupLegalAboveMillion()));
    }

    [Fact]
    public void Problems_ConditionWithSeveralMistakes_ListsEveryOne()
    {
        var problems = PolicyRuleCheck.Problems(GroupLegalAboveMillion() with
        {
            Condition = "request.amout > 1.0 && request.categry == 'x'",
        });

        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Equal("condition", p.Field));
        Assert.Contains(problems, p => p.Message.Contains("amout") && p.Message.EndsWith("at 1:8", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Message.Contains("categry"));
    }

    [Fact]
    public void Problems_ConditionNotBool_Refused()
    {
        var problem = Assert.Single(PolicyRuleCheck.Problems(GroupLegalAboveMillion() with { Condition = "request.amount" }));

        Assert.Equal("the condition gives double, not bool", problem.Message);
    }

    [Fact]
    public void Problems_SyntaxError_Reported()
    {
        var problem = Assert.Single(PolicyRuleCheck.Problems(GroupLegalAboveMillion() with { Condition = "request.amount >" }));

        Assert.Equal("condition", problem.Field);
    }

    [Fact]
    public void Problems_ApprovalRuleWithoutRoleOrScope_BothListed()
    {
        var problems = PolicyRuleCheck.Problems(GroupLegalAboveMillion() with { RequiredRole = null, RequiredScopePath = "g" });

        Assert.Equal(["requiredRole", "requiredScope"], problems.Select(p => p.Field));
    }

    [Fact]
    public void Problems_AmountLimitWithoutMaximumAndBadCurrency_BothListed()
    {
        var problems = PolicyRuleCheck.Problems(Rule(PolicyRuleKind.AmountLimit) with { MaxAmount = -1, Currency = "rmb" });

        Assert.Equal(["maxAmount", "currency"], problems.Select(p => p.Field));
    }

    [Fact]
    public void Problems_MissingWordsAndUnknownKind_Listed()
    {
        var problems = PolicyRuleCheck.Problems(Rule(PolicyRuleKind.Deny) with
        {
            Name = " ", ExplanationChinese = "", ExplanationEnglish = new string('x', 501), Kind = (PolicyRuleKind)42,
        });

        Assert.Equal(["name", "explanationChinese", "explanationEnglish", "kind"], problems.Select(p => p.Field));
    }
}
