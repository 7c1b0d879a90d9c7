using Hub.Activities.Organisations;
using Hub.Activities.Seals;
using Hub.Activities.Seals.Policy;
using static Hub.Activities.Tests.Seals.Policy.PolicyBuilders;

namespace Hub.Activities.Tests.Seals.Policy;

public sealed class GroupPolicyTests
{
    [Fact]
    public void Evaluate_FinanceAboveMillionWithoutGroupLegal_RefusesInBothLanguages()
    {
        var outcome = GroupPolicy.Evaluate(Request(amount: 1_500_000m), [GroupLegalAboveMillion()]);

        Assert.False(outcome.Allowed);
        var refusal = Assert.Single(outcome.Explanations);
        Assert.Equal("policy-rule", refusal.Code);
        Assert.Equal("拒绝：华南制造有限公司 财务专用章 金额超过 1,000,000 元需集团法务审批", refusal.Chinese);
        Assert.Equal("Refused: 华南制造有限公司 finance seal: amount above 1,000,000 CNY requires group legal approval", refusal.English);
        Assert.Equal(GroupLegalAboveMillion().Id, refusal.RuleId);
        Assert.Equal([GroupLegalAboveMillion().Id], outcome.DecidingRuleIds);
    }

    [Fact]
    public void Evaluate_GroupLegalApproved_Allows()
    {
        var outcome = GroupPolicy.Evaluate(Request(1_500_000m, approvals: [Approval("Legal", GroupPath)]),
            [GroupLegalAboveMillion()]);

        Assert.True(outcome.Allowed);
        var passed = Assert.Single(outcome.Explanations);
        Assert.Equal("policy-passed", passed.Code);
        Assert.Contains("大额财务用章需集团法务审批", passed.Chinese);
        Assert.Contains("checked and passed", passed.English);
        Assert.Empty(outcome.DecidingRuleIds);
        Assert.Equal([GroupLegalAboveMillion().Id], outcome.CheckedRuleIds);
    }

    [Theory]
    [InlineData("Legal", "south", "approve")] // legal of the subsidiary only: below the group, not at or above it
    [InlineData("Finance", "group", "approve")] // the wrong role
    [InlineData("Legal", "group", "reject")] // the right person said no
    public void Evaluate_ApprovalNotMeetingTheRule_Refuses(string role, string scope, string decision)
    {
        var path = scope == "group" ? GroupPath : SouthPath;
        var outcome = GroupPolicy.Evaluate(Request(1_500_000m, approvals: [Approval(role, path, decision)]),
            [GroupLegalAboveMillion()]);

        Assert.False(outcome.Allowed);
    }

    [Fact]
    public void Evaluate_AmountAtOrBelowThreshold_RuleDoesNotApply()
    {
        Assert.True(GroupPolicy.Evaluate(Request(1_000_000m), [GroupLegalAboveMillion()]).Allowed);
    }

    [Fact]
    public void Evaluate_OtherSealType_RuleNotInForce()
    {
        var outcome = GroupPolicy.Evaluate(Request(5_000_000m, type: SealType.Contract), [GroupLegalAboveMillion()]);

        Assert.True(outcome.Allowed);
        Assert.Equal("policy-none", Assert.Single(outcome.Explanations).Code);
        Assert.Empty(outcome.CheckedRuleIds);
    }

    [Fact]
    public void Evaluate_RuleOwnedOutsideThePath_Ignored()
    {
        var sibling = Rule(PolicyRuleKind.Deny, path: $"{GroupPath}{Guid.NewGuid():N}/", owner: Guid.NewGuid());

        Assert.True(GroupPolicy.Evaluate(Request(), [sibling]).Allowed);
    }

    [Fact]
    public void Evaluate_DisabledRule_Ignored()
    {
        Assert.True(GroupPolicy.Evaluate(Request(), [Rule(PolicyRuleKind.Deny) with { Enabled = false }]).Allowed);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("request.counterparty.contains('深圳')", false)]
    [InlineData("request.counterparty == 'other'", true)]
    [InlineData("request.hour >= 9 && request.hour < 18 && request.weekday == 1", false)] // 10:30 Monday, Beijing
    [InlineData("request.hour < 9", true)]
    [InlineData("request.at < timestamp('2026-12-07T02:30:01Z') && request.at > timestamp('2026-12-07T02:29:59Z')", false)]
    [InlineData("request.at.getDayOfWeek('+08:00') == request.weekday && request.definitionId == 'expense-reimbursement'", false)]
    [InlineData("request.sealType == 'Finance' && request.organisationName.startsWith('华南')", false)]
    [InlineData("request.emergency || request.unattended || request.currency != 'CNY'", true)]
    [InlineData("request.category == 'expense' && request.hasAmount", false)]
    [InlineData("request.approvals.exists(a, a.roles.exists(r, r.startsWith('Legal@')))", true)]
    public void Evaluate_Deny_RefusesExactlyWhenTheConditionHolds(string condition, bool allowed)
    {
        Assert.Equal(allowed, GroupPolicy.Evaluate(Request(), [Rule(PolicyRuleKind.Deny, condition)]).Allowed);
    }

    [Fact]
    public void Evaluate_ConditionErrorAtRunTime_RefusesNamingTheError()
    {
        var outcome = GroupPolicy.Evaluate(Request(), [Rule(PolicyRuleKind.Deny, "request.approvals[0].step == 'x'")]);

        Assert.False(outcome.Allowed);
        var refusal = Assert.Single(outcome.Explanations);
        Assert.Equal("policy-condition-error", refusal.Code);
        Assert.Contains("could not be evaluated", refusal.English);
    }

    [Theory]
    [InlineData(100_000, "CNY", true)]
    [InlineData(100_000.01, "CNY", false)]
    [InlineData(10, "USD", false)] // another currency cannot be compared with the limit: refused, never waved through
    public void Evaluate_AmountLimit(decimal amount, string currency, bool allowed)
    {
        Assert.Equal(allowed, GroupPolicy.Evaluate(Request(amount, currency: currency), [Rule(PolicyRuleKind.AmountLimit)]).Allowed);
    }

    [Fact]
    public void Evaluate_AmountLimitWithoutAmount_Allows()
    {
        Assert.True(GroupPolicy.Evaluate(Request(amount: null), [Rule(PolicyRuleKind.AmountLimit)]).Allowed);
    }

    [Theory]
    [InlineData(true, "request.amount > 100000.0", 200_000, false)]
    [InlineData(true, "request.amount > 100000.0", 50_000, true)]
    [InlineData(false, "", 200_000, true)]
    public void Evaluate_ForbidUnattended(bool unattended, string condition, decimal amount, bool allowed)
    {
        var outcome = GroupPolicy.Evaluate(Request(amount, unattended: unattended), [Rule(PolicyRuleKind.ForbidUnattended, condition)]);

        Assert.Equal(allowed, outcome.Allowed);
    }

    [Fact]
    public void Evaluate_RequireApprovalOfSubsidiaryFinance_Satisfied()
    {
        var rule = Rule(PolicyRuleKind.RequireApproval);

        Assert.False(GroupPolicy.Evaluate(Request(), [rule]).Allowed);
        Assert.True(GroupPolicy.Evaluate(Request(approvals: [Approval("Finance", GroupPath)]), [rule]).Allowed);
    }

    [Fact]
    public void Evaluate_TwoRulesRefuse_BothExplainedAncestorFirst()
    {
        var own = Rule(PolicyRuleKind.AmountLimit);
        var outcome = GroupPolicy.Evaluate(Request(1_500_000m), [own, GroupLegalAboveMillion()]);

        Assert.False(outcome.Allowed);
        Assert.Equal([GroupLegalAboveMillion().Id, own.Id], outcome.DecidingRuleIds);
        Assert.Equal(2, outcome.Explanations.Count);
    }

    [Fact]
    public void Evaluate_NoRules_AllowsSayingSo()
    {
        var outcome = GroupPolicy.Evaluate(Request(), []);

        Assert.True(outcome.Allowed);
        Assert.Equal("Allowed: no group policy rule applies to 华南制造有限公司 finance seal", Assert.Single(outcome.Explanations).English);
    }

    [Fact]
    public void RoleAtPath_Parse()
    {
        Assert.Equal(new RoleAtPath("Legal", "/g/"), RoleAtPath.Parse("Legal@/g/"));
        Assert.Null(RoleAtPath.Parse("Legal"));
        Assert.Null(RoleAtPath.Parse("@/g/"));
        Assert.Null(RoleAtPath.Parse("Legal@g"));
        Assert.True(RoleAtPath.Parse("legal@/g/")!.Value.Covers(nameof(Role.Legal), "/g/s/"));
        Assert.False(RoleAtPath.Parse("Legal@/g/s/")!.Value.Covers("Legal", "/g/"));
    }
}
