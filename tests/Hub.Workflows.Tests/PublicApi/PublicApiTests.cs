using Hub.Workflows.Runtime;

namespace Hub.Workflows.Tests.PublicApi;

/// <summary>
/// Keeps Hub.Workflows' public surface deliberate (STYLE.md §6): every exported type and public or protected member of
/// every namespace is listed in PublicApi/Hub.Workflows.txt beside this file, so any change to it shows up in review.
/// Run with <c>HUB_UPDATE_PUBLIC_API=1</c> to rewrite the listing after an intended change.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_HubWorkflows_MatchesTrackedListing()
    {
        var actual = new PublicApiListing(typeof(WorkflowRuntime).Assembly).Lines();

        var difference = new PublicApiFile(Path.Combine("tests", "Hub.Workflows.Tests", "PublicApi", "Hub.Workflows.txt")).Compare(actual);

        Assert.True(difference is null, difference);
    }
}
