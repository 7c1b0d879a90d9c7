using Hub.Workflows.Runtime;

namespace Hub.Workflows.Tests.Runtime;

/// <summary>An operator's retry or skip of an incident resumes every node the fault interrupted, not only the faulted
/// one (docs/workflow-format.md, "Faults": "other paths' bookmarks stay so an operator's retry can carry on").</summary>
public sealed class IncidentResumeTests
{
    //   start -> fork -> bad  --\
    //                 -> good --> join (all) -> after -> end
    // bad runs first and faults; good was scheduled behind it and must still run once the incident is resolved.
    private static Harness ForkWithBadBranch() => new(new FlowBuilder()
        .Node("start", "Start").Node("fork", "Fork").Node("bad", "Flaky", new { failures = 1 }).Node("good", "Fork")
        .Node("join", "Join", new { mode = "all" }).Node("after", "Fork").Node("end", "End")
        .Edges("start.Done -> fork", "fork.Done -> bad", "fork.Done -> good", "bad.Done -> join", "good.Done -> join",
            "join.Done -> after", "after.Done -> end")
        .Build(), registry: TestActivities.Registry);

    [Fact]
    public async Task RunBurst_RetryAfterParallelFault_RunsTheInterruptedBranchAndTheJoin()
    {
        var h = ForkWithBadBranch();
        var faulted = await h.StartAsync();
        Assert.Equal(WorkflowStatus.Faulted, faulted.Status);
        Assert.Equal("bad", faulted.Fault!.NodeId);

        var retried = await h.RunAsync(new RetryStimulus("bad", "operator"));

        Assert.Equal(WorkflowStatus.Completed, retried.Status);
        Assert.Equal(["start", "fork", "bad", "good", "join", "after", "end"], h.Completed);
    }

    [Fact]
    public async Task RunBurst_SkipAfterParallelFault_RunsTheInterruptedBranchAndTheJoin()
    {
        var h = ForkWithBadBranch();
        await h.StartAsync();

        var skipped = await h.RunAsync(new SkipStimulus("bad", "Done", "operator"));

        Assert.Equal(WorkflowStatus.Completed, skipped.Status);
        Assert.Equal(["start", "fork", "bad", "good", "join", "after", "end"], h.Completed);
        Assert.Equal("skipped by an operator", h.Journal.Single(j => j.NodeId == "bad" && j.Event == JournalEvent.Completed).Message);
    }

    [Fact]
    public async Task RunBurst_FaultWithInterruptedNodes_StateRoundTripsThroughJson()
    {
        // The host stores the state between the fault and the operator's act: what was interrupted must survive that.
        var h = ForkWithBadBranch();
        var faulted = await h.StartAsync();
        var stored = InstanceState.FromJson(faulted.State.ToJson());

        var retried = await h.Runtime.RunBurstAsync(h.Snapshot, stored, new RetryStimulus("bad", "operator"), CancellationToken.None);

        Assert.Equal(WorkflowStatus.Completed, retried.Status);
        Assert.Equal(["bad", "good", "join", "after", "end"], retried.Journal.Where(j => j.Event == JournalEvent.Completed).Select(j => j.NodeId));
    }

    //   start -> head -> check(true) => head   (a loop that never exits, stopped by the step budget)
    // The stop names no node, so there is nothing to retry or skip: both are refused (the host answers 409), never a crash.
    [Fact]
    public async Task RunBurst_RetryOrSkipAfterAStopOfTheWholeInstance_Refused()
    {
        var h = new Harness(new FlowBuilder().Node("start", "Start").Node("head", "Fork").Node("check", "Decision", new { condition = true })
            .Node("end", "End").Edges("start.Done -> head", "head.Done -> check", "check.True => head", "check.False -> end").Build(),
            new RuntimeLimits { MaxStepsPerBurst = 50, MaxLoopIterations = 1000 });
        var stopped = await h.StartAsync();
        Assert.Null(stopped.Fault!.NodeId);

        var retry = await Assert.ThrowsAsync<StimulusRejectedException>(() => h.RunAsync(new RetryStimulus(stopped.Fault.NodeId!, "operator")));
        var skip = await Assert.ThrowsAsync<StimulusRejectedException>(() => h.RunAsync(new SkipStimulus(stopped.Fault.NodeId!, "Done", "operator")));

        Assert.Equal($"instance '{h.State.InstanceId}' stopped as a whole (step-budget), not at a node: it can only be cancelled", retry.Message);
        Assert.Equal(retry.Message, skip.Message);
        Assert.Equal(WorkflowStatus.Faulted, h.State.Status);
    }

    //   start -> fork -> bad  (FaultingSignalWait "go"/"k") --\
    //                 -> good (WaitForSignal "go"/"k") ------> join (all) -> end
    // One signal finds both waits; bad faults on it. good must not complete inside the faulted burst (its successors
    // would never hear of it): it keeps waiting, and the next signal, after the skip, completes it and the join.
    [Fact]
    public async Task RunBurst_SignalFaultsTheFirstOfTwoWaits_TheSecondKeepsWaitingAndCompletesLater()
    {
        var h = new Harness(new FlowBuilder()
            .Node("start", "Start").Node("fork", "Fork").Node("bad", "FaultingSignalWait", new { signal = "go", correlationKey = "k" })
            .Node("good", "WaitForSignal", new { signal = "go", correlationKey = "k" }).Node("join", "Join").Node("end", "End")
            .Edges("start.Done -> fork", "fork.Done -> bad", "fork.Done -> good", "bad.Done -> join", "good.Done -> join", "join.Done -> end")
            .Build(), registry: TestActivities.Registry);
        await h.StartAsync();

        var faulted = await h.RunAsync(new SignalStimulus("go", "k", null));
        Assert.Equal(WorkflowStatus.Faulted, faulted.Status);
        Assert.Equal("good", Assert.Single(h.State.Bookmarks).NodeId);

        var skipped = await h.RunAsync(new SkipStimulus("bad", "Done", "operator"));
        Assert.Equal(WorkflowStatus.Suspended, skipped.Status);
        var done = await h.RunAsync(new SignalStimulus("go", "k", null));

        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.Equal(["start", "fork", "bad", "good", "join", "end"], h.Completed);
    }
}
