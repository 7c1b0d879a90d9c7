using Hub.Workflows.Activities;
using Hub.Workflows.Runtime;
using Hub.Workflows.Tests.Runtime;

namespace Hub.Workflows.Tests.Activities;

public sealed class ActivityRegistryTests
{
    [Fact]
    public void CreateCore_Descriptors_ComeFromTheAttributes()
    {
        var registry = ActivityRegistry.CreateCore();

        Assert.Equal(12, registry.Descriptors.Count);
        var join = registry.Find("Join")!;
        Assert.Equal(("Flow", "Join"), (join.Category, join.DisplayName));
        Assert.Equal(["Done"], join.Outcomes);
        var mode = join.Inputs.Single(i => i.Name == "mode");
        Assert.Equal(["all", "firstWins", "quorum"], mode.Options);
        Assert.Equal(("all", true), (mode.Default!.Value.GetString(), mode.LiteralOnly));
        var call = registry.Find("CallHttp")!;
        Assert.True(call.Inputs.Single(i => i.Name == "headers").Secret);
        Assert.Equal(3, call.RetryPolicy.MaxAttempts);
        Assert.Equal(["System.TimeoutException"], call.RetryPolicy.TransientErrors);
        Assert.Null(registry.Find("Teleport"));
    }

    [Fact]
    public void Register_SameTypeTwice_Throws() =>
        Assert.Equal("activity type 'Flaky' is already registered by Hub.Workflows.Tests.Activities.FlakyActivity",
            Assert.Throws<ArgumentException>(() => new ActivityRegistry().Register<FlakyActivity>().Register<FlakyActivity>()).Message);

    [Fact]
    public async Task RunBurst_TransientFault_SchedulesRetryThenIncidentAfterLastAttempt()
    {
        var registry = ActivityRegistry.CreateCore().Register<FlakyActivity>();
        var definition = new FlowBuilder().Node("start", "Start").Node("f", "Flaky").Node("end", "End").Edges("start.Done -> f", "f.Done -> end").Build();
        var snapshot = DefinitionSnapshot.Create(definition, registry);
        var time = new ManualTime(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var runtime = new WorkflowRuntime(registry, time);

        var first = await runtime.RunBurstAsync(snapshot, InstanceState.Create("i1", snapshot), new StartStimulus(Harness.Json("{}")), CancellationToken.None);
        Assert.Equal(WorkflowStatus.Suspended, first.Status);
        Assert.True(first.Fault!.IsTransient);
        var retry = Assert.Single(first.NewBookmarks);
        Assert.Equal((BookmarkKind.Retry, time.Now.AddSeconds(1)), (retry.Kind, retry.DueAt));

        var second = await runtime.RunBurstAsync(snapshot, first.State, new ResumeStimulus(retry.Id), CancellationToken.None);

        Assert.Equal(WorkflowStatus.Faulted, second.Status);
        Assert.Equal(("f", "flaky", 2, null), (second.Fault!.NodeId, second.Fault.ErrorType, second.Fault.Attempt, second.Fault.RetryAt));
        Assert.Equal("the ERP timed out", second.Fault.Message);
    }
}

[Activity("Flaky", "Test", "Flaky", "Always fails transiently.")]
[Outcomes("Done")]
[RetryPolicy(2, InitialBackoffSeconds = 1)]
internal sealed class FlakyActivity : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        throw new ActivityFaultException("the ERP timed out", true, "flaky");
}
