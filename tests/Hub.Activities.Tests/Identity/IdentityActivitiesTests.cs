using System.Text.Json;
using Hub.Activities.Identity.Activities;
using Hub.Workflows.Activities;
using Hub.Workflows.Definitions;
using Hub.Workflows.Runtime;

namespace Hub.Activities.Tests.Identity;

/// <summary>
/// The identity activities on the real engine. Each test runs:
/// <code>
/// start -> identity node -Verified|Authenticated-> ok (End)
///                        -Refused|Failed----------> no (End)
/// </code>
/// </summary>
public sealed class IdentityActivitiesTests
{
    private static readonly ActivityRegistry Registry = ActivityRegistry.CreateCore()
        .Register<VerifyPersonActivity>().Register<VerifyEnterpriseActivity>().Register<RequireFreshAuthenticationActivity>();

    private static readonly string PersonId = Guid.NewGuid().ToString();
    private static readonly string Digest = new('a', 64);

    private static DefinitionSnapshot Snapshot(string type, string inputs, params string[] outcomes)
    {
        var connections = string.Join(",", outcomes.Select((o, i) =>
            $$"""{"source":"n","outcome":"{{o}}","target":"{{(i == 0 ? "ok" : "no")}}"}"""));
        var json = ("{'id':'identity-test','version':1,'name':'t','inputSchema':{'type':'object','properties':{'personId':{'type':'string'}}}," +
            "'flowchart':{'nodes':[{'id':'start','type':'Start'},{'id':'n','type':'TYPE','inputs':{INPUTS}}," +
            "{'id':'ok','type':'End'},{'id':'no','type':'End'}],'connections':[{'source':'start','outcome':'Done','target':'n'},EDGES]}}")
            .Replace('\'', '"');
        json = json.Replace("TYPE", type, StringComparison.Ordinal).Replace("INPUTS", inputs, StringComparison.Ordinal)
            .Replace("EDGES", connections, StringComparison.Ordinal);
        var definition = WorkflowDefinitions.Read(json);
        Assert.Empty(WorkflowDefinitions.Validate(definition, Registry));
        return DefinitionSnapshot.Create(definition, Registry);
    }

    private static async Task<(WorkflowRuntime Runtime, BurstResult First)> StartAsync(DefinitionSnapshot snapshot)
    {
        var runtime = new WorkflowRuntime(Registry, TimeProvider.System);
        var first = await runtime.RunBurstAsync(snapshot, InstanceState.Create("i1", snapshot),
            new StartStimulus(JsonSerializer.SerializeToElement(new { personId = PersonId })), CancellationToken.None);
        return (runtime, first);
    }

    private static JsonElement Payload(string status) => JsonSerializer.SerializeToElement(new { status, verificationId = Guid.NewGuid() });

    [Theory]
    [InlineData("Verified", "ok")]
    [InlineData("Refused", "no")]
    [InlineData("Failed", "no")]
    [InlineData("Timeout", "no")]
    public async Task VerifyPerson_EmitsRequestSuspendsAndFollowsTheVerdict(string status, string end)
    {
        var snapshot = Snapshot("VerifyPerson", """ "personId":{"expression":"input.personId"},"method":{"literal":"ThreeElement"} """, "Verified", "Refused", "Failed");
        var (runtime, first) = await StartAsync(snapshot);
        Assert.Equal(WorkflowStatus.Suspended, first.Status);
        var message = Assert.Single(first.OutboundMessages);
        Assert.Equal("identity.verify-person", message.Kind);
        Assert.Equal(PersonId, message.Payload.GetProperty("personId").GetString());
        var bookmark = Assert.Single(first.NewBookmarks);
        Assert.Equal(BookmarkKind.OutboundCompletion, bookmark.Kind);

        var resumed = await runtime.RunBurstAsync(snapshot, first.State, new ResumeStimulus(bookmark.Id, Payload(status)), CancellationToken.None);
        Assert.Equal(WorkflowStatus.Completed, resumed.Status);
        Assert.Contains(resumed.Journal, j => j.NodeId == end);
        Assert.DoesNotContain(resumed.Journal, j => j.NodeId == (end == "ok" ? "no" : "ok") && j.Event == JournalEvent.Completed);
    }

    [Fact]
    public async Task VerifyPerson_PersonIdNotAUuid_FaultsWithoutCallingOut()
    {
        var snapshot = Snapshot("VerifyPerson", """ "personId":{"literal":"11010519491231002X"} """, "Verified", "Refused", "Failed");
        var (_, first) = await StartAsync(snapshot);
        Assert.Equal(WorkflowStatus.Faulted, first.Status);
        Assert.Equal("'n': input 'personId' must be a UUID", first.Fault!.Message);
        Assert.Empty(first.OutboundMessages);
    }

    [Fact]
    public async Task VerifyPerson_ResumedWithoutStatus_Faults()
    {
        var snapshot = Snapshot("VerifyPerson", """ "personId":{"expression":"input.personId"} """, "Verified", "Refused", "Failed");
        var (runtime, first) = await StartAsync(snapshot);
        var resumed = await runtime.RunBurstAsync(snapshot, first.State,
            new ResumeStimulus(first.NewBookmarks[0].Id, JsonSerializer.SerializeToElement(new { ok = true })), CancellationToken.None);
        Assert.Equal(WorkflowStatus.Faulted, resumed.Status);
        Assert.Equal("'n' was resumed without a verification status", resumed.Fault!.Message);
    }

    [Theory]
    [InlineData("Verified", "ok")]
    [InlineData("Refused", "no")]
    [InlineData("Locked", "no")]
    public async Task VerifyEnterprise_WaitsForItsSignal_FollowsTheVerdict(string status, string end)
    {
        var enterpriseId = Guid.NewGuid().ToString();
        var snapshot = Snapshot("VerifyEnterprise", $$""" "enterpriseId":{"literal":"{{enterpriseId}}"} """, "Verified", "Refused", "Failed");
        var (runtime, first) = await StartAsync(snapshot);
        var message = Assert.Single(first.OutboundMessages);
        Assert.Equal("identity.verify-enterprise", message.Kind);
        Assert.Equal(enterpriseId, message.Payload.GetProperty("enterpriseId").GetString());
        var bookmark = Assert.Single(first.NewBookmarks);
        Assert.Equal((BookmarkKind.Signal, "identity.enterprise-verified", message.Payload.GetProperty("correlationKey").GetString()),
            (bookmark.Kind, bookmark.SignalName, bookmark.CorrelationKey));
        var resumed = await runtime.RunBurstAsync(snapshot, first.State,
            new SignalStimulus("identity.enterprise-verified", bookmark.CorrelationKey!, Payload(status)), CancellationToken.None);
        Assert.Contains(resumed.Journal, j => j.NodeId == end && j.Event == JournalEvent.Completed);
        Assert.DoesNotContain(resumed.Journal, j => j.NodeId == (end == "ok" ? "no" : "ok") && j.Event == JournalEvent.Completed);
    }

    [Fact]
    public async Task RequireFreshAuthentication_SuspendsOnItsSignalUntilThePersonAnswers()
    {
        var snapshot = Snapshot("RequireFreshAuthentication",
            $$""" "personId":{"expression":"input.personId"},"documentSha256":{"literal":"{{Digest}}"},"method":{"literal":"UKey"} """,
            "Authenticated", "Failed");
        var (runtime, first) = await StartAsync(snapshot);
        Assert.Equal(WorkflowStatus.Suspended, first.Status);
        var message = Assert.Single(first.OutboundMessages);
        Assert.Equal("identity.fresh-authentication", message.Kind);
        Assert.Equal(Digest, message.Payload.GetProperty("documentSha256").GetString());
        var bookmark = Assert.Single(first.NewBookmarks);
        Assert.Equal((BookmarkKind.Signal, "identity.authenticated", message.Payload.GetProperty("correlationKey").GetString()),
            (bookmark.Kind, bookmark.SignalName, bookmark.CorrelationKey));

        // A signal for another activation does not resume it; the right one does.
        var stray = await Assert.ThrowsAsync<StimulusRejectedException>(() =>
            runtime.RunBurstAsync(snapshot, first.State, new SignalStimulus("identity.authenticated", "other", Payload("Verified")), CancellationToken.None));
        Assert.Equal("instance 'i1' waits for no signal 'identity.authenticated' with correlation key 'other'", stray.Message);
        var resumed = await runtime.RunBurstAsync(snapshot, first.State,
            new SignalStimulus("identity.authenticated", bookmark.CorrelationKey!, Payload("Verified")), CancellationToken.None);
        Assert.Equal(WorkflowStatus.Completed, resumed.Status);
        Assert.Contains(resumed.Journal, j => j.NodeId == "ok");
    }

    [Fact]
    public async Task RequireFreshAuthentication_LockedChallenge_TakesFailed()
    {
        var snapshot = Snapshot("RequireFreshAuthentication",
            $$""" "personId":{"expression":"input.personId"},"documentSha256":{"literal":"{{Digest}}"} """, "Authenticated", "Failed");
        var (runtime, first) = await StartAsync(snapshot);
        var resumed = await runtime.RunBurstAsync(snapshot, first.State,
            new SignalStimulus("identity.authenticated", first.NewBookmarks[0].CorrelationKey!, Payload("Locked")), CancellationToken.None);
        Assert.Contains(resumed.Journal, j => j.NodeId == "no");
    }

    [Fact]
    public void Descriptors_DeclareIdentityCategoryOutcomesAndRequiredInputs()
    {
        var descriptor = Registry.Find("RequireFreshAuthentication")!;
        Assert.Equal("Identity", descriptor.Category);
        Assert.Equal(["Authenticated", "Failed"], descriptor.Outcomes);
        Assert.Contains(descriptor.Inputs, i => i.Name == "documentSha256" && i.Required);
    }
}
