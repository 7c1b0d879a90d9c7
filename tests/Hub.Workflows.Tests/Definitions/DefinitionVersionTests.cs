using Hub.Workflows.Activities;
using Hub.Workflows.Definitions;
using Hub.Workflows.Tests.Runtime;

namespace Hub.Workflows.Tests.Definitions;

/// <summary>A stored version comes back as it was stored (rehydrated), without validating or hashing again.</summary>
public sealed class DefinitionVersionTests
{
    private const string StoredHash = "sha256:0000000000000000000000000000000000000000000000000000000000000001";

    [Fact]
    public void Rehydrate_PublishedWithAnActivityTypeNoLongerRegistered_RetiresKeepingItsHash()
    {
        // Publishing this today would fail (Teleport is unknown): a stored version must still be retirable.
        var definition = new FlowBuilder().Node("start", "Start").Node("x", "Teleport").Edges("start.Done -> x").Build();
        Assert.NotEmpty(WorkflowDefinitions.Validate(definition, ActivityRegistry.CreateCore()));

        var retired = DefinitionVersion.Rehydrate(definition, DefinitionStatus.Published, StoredHash).Retire();

        Assert.Equal(DefinitionStatus.Retired, retired.Status);
        Assert.Equal(StoredHash, retired.ContentHash);
        Assert.Same(definition, retired.Definition);
    }

    [Fact]
    public void Rehydrate_Draft_PublishesAfterValidating()
    {
        var definition = new FlowBuilder().Node("start", "Start").Node("end", "End").Edges("start.Done -> end").Build();

        var published = DefinitionVersion.Rehydrate(definition, DefinitionStatus.Draft, null).Publish(ActivityRegistry.CreateCore());

        Assert.Equal(DefinitionStatus.Published, published.Status);
        Assert.Equal(WorkflowDefinitions.Hash(definition), published.ContentHash);
    }

    [Theory]
    [InlineData(DefinitionStatus.Draft, StoredHash, "definition 'test' version 1: a draft version cannot have a content hash (Parameter 'contentHash')")]
    [InlineData(DefinitionStatus.Published, null, "definition 'test' version 1: a published version needs a content hash (Parameter 'contentHash')")]
    [InlineData(DefinitionStatus.Retired, null, "definition 'test' version 1: a retired version needs a content hash (Parameter 'contentHash')")]
    public void Rehydrate_StatusAndHashDisagree_Throws(DefinitionStatus status, string? hash, string message)
    {
        var definition = new FlowBuilder().Node("start", "Start").Node("end", "End").Edges("start.Done -> end").Build();

        var e = Assert.Throws<ArgumentException>(() => DefinitionVersion.Rehydrate(definition, status, hash));

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Rehydrate_UndefinedStatus_Throws()
    {
        var definition = new FlowBuilder().Node("start", "Start").Node("end", "End").Edges("start.Done -> end").Build();

        Assert.Throws<ArgumentOutOfRangeException>(() => DefinitionVersion.Rehydrate(definition, (DefinitionStatus)7, StoredHash));
    }
}
