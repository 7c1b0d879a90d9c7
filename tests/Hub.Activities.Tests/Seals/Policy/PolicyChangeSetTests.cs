using Hub.Activities.Seals.Policy;
using static Hub.Activities.Tests.Seals.Policy.PolicyBuilders;

namespace Hub.Activities.Tests.Seals.Policy;

public sealed class PolicyChangeSetTests
{
    [Fact]
    public void ApplyTo_AddChangeRemoveAtOneOrganisation_LeavesAncestorsAlone()
    {
        var hq = GroupLegalAboveMillion();
        var own = Rule(PolicyRuleKind.Deny, "request.amount > 5.0");
        var gone = Rule(PolicyRuleKind.ForbidUnattended);
        var added = Rule(PolicyRuleKind.AmountLimit);
        var changes = new PolicyChangeSet
        {
            OrganisationId = SouthId, OrganisationPath = SouthPath, Added = [added],
            Changed = [own with { Condition = "false", Version = 2 }], Removed = [gone.Id],
        };

        Assert.Empty(changes.Problems([hq, own, gone]));
        var after = changes.ApplyTo([hq, own, gone]);

        Assert.Equal([hq.Id, own.Id, added.Id], after.Select(r => r.Id));
        Assert.Equal("false", after[1].Condition);
        Assert.Same(hq, after[0]);
    }

    [Fact]
    public void Problems_ChangeOrRemoveOfAnAncestorsRule_RefusedAndNotApplied()
    {
        var hq = GroupLegalAboveMillion();
        var changes = new PolicyChangeSet
        {
            OrganisationId = SouthId, OrganisationPath = SouthPath,
            Changed = [hq with { Enabled = false }], Removed = [hq.Id],
        };

        var problems = changes.Problems([hq]);

        Assert.Equal(["changed[0]", "changed[0]", "removed[0]"], problems.Select(p => p.Field));
        Assert.Equal([hq], changes.ApplyTo([hq]));
    }

    [Fact]
    public void Problems_BadCondition_NamedByPosition()
    {
        var changes = new PolicyChangeSet
        {
            OrganisationId = SouthId, OrganisationPath = SouthPath, Added = [Rule(PolicyRuleKind.Deny, "request.x")],
        };

        Assert.Equal("added[0].condition", Assert.Single(changes.Problems([])).Field);
    }
}
