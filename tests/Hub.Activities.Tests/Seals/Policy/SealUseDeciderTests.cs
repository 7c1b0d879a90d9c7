using Hub.Activities.Seals;
using Hub.Activities.Seals.Policy;
using static Hub.Activities.Tests.Seals.Policy.PolicyBuilders;

namespace Hub.Activities.Tests.Seals.Policy;

public sealed class SealUseDeciderTests
{
    [Fact]
    public void Decide_ActiveSealCoveringGrantNoRules_AllowsNamingTheGrant()
    {
        var grant = Grant();
        var decision = SealUseDecider.Decide(Request(), Seal(), [grant], []);

        Assert.True(decision.Allowed);
        Assert.Null(decision.RefusalCode);
        Assert.Equal(grant.Id, decision.StandingGrantId);
        Assert.Equal(["seal-active", "grant-covers", "policy-none"], decision.Explanations.Select(e => e.Code));
    }

    [Theory]
    [InlineData(SealStatus.Frozen, "seal-frozen", "Refused: 华南制造有限公司 finance seal is frozen (审计中)")]
    [InlineData(SealStatus.Revoked, "seal-revoked", "Refused: 华南制造有限公司 finance seal is revoked (审计中)")]
    public void Decide_SealNotActive_RefusedWithItsReason(SealStatus status, string code, string english)
    {
        var decision = SealUseDecider.Decide(Request(), Seal(status, "审计中"), [Grant()], []);

        Assert.False(decision.Allowed);
        Assert.Equal(code, decision.RefusalCode);
        Assert.Equal(english, decision.Explanations[0].English);
        Assert.Contains("审计中", decision.Explanations[0].Chinese);
    }

    public static TheoryData<string, Func<SealGrant, SealGrant>, Func<SealUseRequest, SealUseRequest>> GrantRefusals => new()
    {
        { "grant-revoked", g => g with { RevokedAt = Now.AddMinutes(-1), RevocationReason = "离职" }, r => r },
        { "grant-not-yet-valid", g => g with { ValidFrom = Now.AddSeconds(1) }, r => r },
        { "grant-expired", g => g with { ValidUntil = Now }, r => r },
        { "grant-exhausted", g => g with { MaxUses = 3 }, r => r },
        { "grant-category", g => g, r => r with { Category = "procurement-contract" } },
        { "grant-amount", g => g, r => r with { Amount = 2_000_000.01m } },
        { "grant-amount", g => g, r => r with { Currency = "USD" } },
        { "grant-definition", g => g, r => r with { DefinitionId = "other-flow" } },
        { "grant-definition", g => g, r => r with { DefinitionId = null } },
    };

    [Theory]
    [MemberData(nameof(GrantRefusals))]
    public void Decide_GrantNotCovering_RefusedWithItsCode(string code, Func<SealGrant, SealGrant> grant,
        Func<SealUseRequest, SealUseRequest> request)
    {
        var decision = SealUseDecider.Decide(request(Request()), Seal(), [grant(Grant())], []);

        Assert.False(decision.Allowed);
        Assert.Equal(code, decision.RefusalCode);
        Assert.Null(decision.StandingGrantId);
        Assert.StartsWith("拒绝：华南制造有限公司 财务专用章 授权", decision.Explanations[0].Chinese);
        Assert.StartsWith("Refused: 华南制造有限公司 finance seal: grant", decision.Explanations[0].English);
    }

    [Fact]
    public void Decide_GrantWithoutLimitsOrWindowEnd_Covers()
    {
        var open = Grant() with
        {
            Categories = [], AmountLimit = null, ValidUntil = null, MaxUses = null, RequiredDefinitionId = null,
        };

        Assert.True(SealUseDecider.Decide(Request(9_000_000_000m, category: "anything") with { DefinitionId = null },
            Seal(), [open], []).Allowed);
    }

    [Fact]
    public void Decide_NoGrantNamesRequester_NoGrant()
    {
        var someoneElse = Grant(grantee: Guid.NewGuid().ToString());
        var otherSeal = Grant() with { SealId = Guid.NewGuid() };
        var decision = SealUseDecider.Decide(Request(), Seal(), [someoneElse, otherSeal], []);

        Assert.Equal("no-grant", decision.RefusalCode);
        Assert.Contains(Requester.ToString("N"), decision.Explanations[0].English);
    }

    [Theory]
    [InlineData("Finance", true)] // held at the subsidiary, which is the seal's organisation
    [InlineData("Legal", false)]
    public void Decide_RoleGrantee(string role, bool allowed)
    {
        Assert.Equal(allowed, SealUseDecider.Decide(Request(), Seal(), [Grant(GranteeKind.Role, role)], []).Allowed);
    }

    [Fact]
    public void Decide_RoleHeldOnlyBelowTheSealsOrganisation_DoesNotCover()
    {
        var request = Request() with { RequesterRoles = [$"Finance@{DepartmentPath}"] };

        Assert.Equal("no-grant", SealUseDecider.Decide(request, Seal(), [Grant(GranteeKind.Role, "Finance")], []).RefusalCode);
    }

    [Fact]
    public void Decide_DepartmentGrantee_ByIdOrPath()
    {
        Assert.True(SealUseDecider.Decide(Request(), Seal(), [Grant(GranteeKind.Department, DepartmentId.ToString())], []).Allowed);
        Assert.True(SealUseDecider.Decide(Request(), Seal(), [Grant(GranteeKind.Department, SouthPath)], []).Allowed);
        Assert.False(SealUseDecider.Decide(Request(), Seal(), [Grant(GranteeKind.Department, Guid.NewGuid().ToString())], []).Allowed);
        Assert.False(SealUseDecider.Decide(Request() with { RequesterDepartmentPath = null }, Seal(),
            [Grant(GranteeKind.Department, DepartmentId.ToString())], []).Allowed);
    }

    [Fact]
    public void Decide_UnattendedWithoutRequester_NamedOnlyByAGrantThatAllowsUnattendedUse()
    {
        // An unattended flow has no person: whoever a grant names, it covers the flow only if it allows unattended use.
        var allowed = SealUseDecider.Decide(Request(unattended: true) with { RequesterId = null }, Seal(), [Grant() with { AllowsUnattended = true }], []);
        var refused = SealUseDecider.Decide(Request(unattended: true) with { RequesterId = null }, Seal(), [Grant() with { AllowsUnattended = false }], []);

        Assert.True(allowed.Allowed, string.Join("; ", allowed.Explanations.Select(e => e.English)));
        Assert.Equal("no-grant", refused.RefusalCode);
        Assert.Contains("an unattended flow", refused.Explanations[0].English);
    }

    [Fact]
    public void Decide_OneGrantRefusesAnotherCovers_UsesTheCoveringOne()
    {
        var spent = Grant() with { MaxUses = 3, GrantedAt = Now.AddDays(-40) };
        var good = Grant();
        var decision = SealUseDecider.Decide(Request(), Seal(), [spent, good], []);

        Assert.True(decision.Allowed);
        Assert.Equal(good.Id, decision.StandingGrantId);
    }

    [Fact]
    public void Decide_PolicyRefuses_EveryReasonListedAndRulesNamed()
    {
        var decision = SealUseDecider.Decide(Request(1_500_000m), Seal(SealStatus.Frozen, "审计"), [Grant()],
            [GroupLegalAboveMillion()]);

        Assert.False(decision.Allowed);
        Assert.Equal(["seal-frozen", "policy-rule", "grant-covers"], decision.Explanations.Select(e => e.Code));
        Assert.Equal([GroupLegalAboveMillion().Id], decision.RuleIds);
        Assert.False(decision.Policy.Allowed);
    }

    [Fact]
    public void Decide_PolicyAllows_RuleIdsAreTheRulesChecked()
    {
        var decision = SealUseDecider.Decide(Request(1_500_000m, approvals: [Approval("Legal", GroupPath)]), Seal(), [Grant()],
            [GroupLegalAboveMillion()]);

        Assert.True(decision.Allowed);
        Assert.Equal([GroupLegalAboveMillion().Id], decision.RuleIds);
    }

    [Fact]
    public void Decide_RequestForAnotherSeal_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() =>
            SealUseDecider.Decide(Request() with { SealId = Guid.NewGuid() }, Seal(), [], []));

        Assert.StartsWith("The request is for seal", exception.Message);
    }
}
