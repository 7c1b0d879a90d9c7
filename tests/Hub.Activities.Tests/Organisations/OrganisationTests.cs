using Hub.Activities.Organisations;

namespace Hub.Activities.Tests.Organisations;

public sealed class OrganisationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AddChild_BuildsPathsSoSubtreesArePrefixes()
    {
        var group = Organisation.CreateGroup("集团", "91350100M000100Y43", "王", Now);
        var subsidiary = group.AddChild(OrganisationKind.Subsidiary, "子公司", "91110108063311121P", "李", Now);
        var department = subsidiary.AddChild(OrganisationKind.Department, "部门", null, null, Now);
        Assert.Equal($"/{group.Id:N}/{subsidiary.Id:N}/{department.Id:N}/", department.Path);
        Assert.Equal(3, department.Depth);
        Assert.True(group.Contains(department));
        Assert.True(subsidiary.Contains(department));
        Assert.False(department.Contains(subsidiary));
    }

    [Fact]
    public void AddChild_DepartmentIsNotALegalEntity_DropsCreditCode()
    {
        var group = Organisation.CreateGroup("集团", "91350100M000100Y43", "王", Now);
        var department = group.AddChild(OrganisationKind.Department, "部门", "91110108063311121P", "李", Now);
        Assert.Null(department.CreditCode);
        Assert.Null(department.LegalRepresentative);
    }

    [Theory]
    [InlineData(OrganisationKind.Group, "A group is always the root")]
    [InlineData(OrganisationKind.Subsidiary, "A subsidiary cannot be placed below a department.")]
    public void AddChild_UnderDepartment_RefusesWrongKinds(OrganisationKind kind, string message)
    {
        var group = Organisation.CreateGroup("集团", "91350100M000100Y43", "王", Now);
        var department = group.AddChild(OrganisationKind.Department, "部门", null, null, Now);
        var error = Assert.Throws<InvalidOperationException>(() => department.AddChild(kind, "x", null, null, Now));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddChild_BeyondMaxDepth_Refused()
    {
        var node = Organisation.CreateGroup("集团", "91350100M000100Y43", "王", Now);
        for (var depth = 1; depth < Organisation.MaxDepth; depth++)
        {
            node = node.AddChild(OrganisationKind.Department, "d" + depth, null, null, Now);
        }

        var error = Assert.Throws<InvalidOperationException>(() => node.AddChild(OrganisationKind.Department, "too deep", null, null, Now));
        Assert.Equal($"The organisation tree may be at most {Organisation.MaxDepth} levels deep.", error.Message);
    }

    [Fact]
    public void Grant_SameRoleTwiceOverSameScope_Refused_AndWithdrawRemoves()
    {
        var group = Organisation.CreateGroup("集团", "91350100M000100Y43", "王", Now);
        var user = new User(group, "a", "A", Now);
        var assignment = user.Grant(Role.Finance, group, Now);
        Assert.Throws<InvalidOperationException>(() => user.Grant(Role.Finance, group, Now));
        user.Withdraw(assignment.Id);
        Assert.Empty(user.Roles);
        Assert.Throws<InvalidOperationException>(() => user.Withdraw(assignment.Id));
    }
}
