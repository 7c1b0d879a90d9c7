using Hub.Workflows.Runtime;

namespace Hub.Workflows.Tests.Runtime;

public sealed class FlowchartRuntimeTests
{
    private static readonly string AmountSchema = """{"type":"object","properties":{"amount":{"type":"number"},"no":{"type":"string"}}}""";

    //   start -> d(amount > 1000) -True->  big --\
    //                             -False-> small -> end (implicit join: all activated)
    [Theory]
    [InlineData(5000.0, "big")]
    [InlineData(10.0, "small")]
    public async Task RunBurst_Decision_TakesOneBranchAndCompletesThroughDeadOne(double amount, string expected)
    {
        var h = new Harness(new FlowBuilder().InputSchema(AmountSchema)
            .Node("start", "Start").Node("d", "Decision", new { condition = "=input.amount > 1000.0" })
            .Node("big", "Fork").Node("small", "Fork").Node("end", "End")
            .Edges("start.Done -> d", "d.True -> big", "d.False -> small", "big.Done -> end", "small.Done -> end").Build());

        var result = await h.StartAsync($$"""{"amount": {{amount}}}""");

        Assert.Equal(WorkflowStatus.Completed, result.Status);
        Assert.Equal(["start", "d", expected, "end"], h.Completed);
    }

    //   start -> s [high: amount > 100000, mid: amount > 1000, Default] -> a | b | c -> end
    [Theory]
    [InlineData(500000.0, "a")]
    [InlineData(5000.0, "b")]
    [InlineData(5.0, "c")]
    public async Task RunBurst_Switch_TakesFirstMatchingCaseElseDefault(double amount, string expected)
    {
        var cases = new[] { new { outcome = "high", condition = "input.amount > 100000.0" }, new { outcome = "mid", condition = "input.amount > 1000.0" } };
        var h = new Harness(new FlowBuilder().InputSchema(AmountSchema)
            .Node("start", "Start").Node("s", "Switch", new { cases }).Node("a", "Fork").Node("b", "Fork").Node("c", "Fork").Node("end", "End")
            .Edges("start.Done -> s", "s.high -> a", "s.mid -> b", "s.Default -> c", "a.Done -> end", "b.Done -> end", "c.Done -> end").Build());

        await h.StartAsync($$"""{"amount": {{amount}}}""");

        Assert.Equal(["start", "s", expected, "end"], h.Completed);
    }

    //   start -> fork -> w1 (signal) -\
    //                 -> w2 (signal) --> join(all) -> end
    [Fact]
    public async Task RunBurst_ForkJoinAll_WaitsForEveryBranch()
    {
        var h = new Harness(ForkOfWaits("all", 0, 2));
        var first = await h.StartAsync();
        Assert.Equal(WorkflowStatus.Suspended, first.Status);
        Assert.Equal(2, first.NewBookmarks.Count);

        await h.RunAsync(new SignalStimulus("go", "k0"));
        Assert.DoesNotContain("join", h.Completed);
        var last = await h.RunAsync(new SignalStimulus("go", "k1"));

        Assert.Equal(WorkflowStatus.Completed, last.Status);
        Assert.Single(h.Completed, "join");
    }

    //   start -> fork -> w0 -\
    //                 -> w1 --> join(firstWins) -> end
    //                 -> w2 -/
    [Fact]
    public async Task RunBurst_FirstWins_CancelsOtherBranchesAndClearsTheirBookmarks()
    {
        var h = new Harness(ForkOfWaits("firstWins", 0, 3));
        await h.StartAsync();

        var result = await h.RunAsync(new SignalStimulus("go", "k1"));

        Assert.Equal(WorkflowStatus.Completed, result.Status);
        Assert.Empty(result.State.Bookmarks);
        Assert.Equal(["w0", "w1", "w2"], result.ClearedBookmarks.Select(b => b.NodeId).Order());
        Assert.Equal(["w0", "w2"], result.Journal.Where(j => j.Event == JournalEvent.Cancelled).Select(j => j.NodeId).Order());
        Assert.Single(h.Completed, "join");
    }

    [Fact]
    public async Task RunBurst_Quorum_FiresOnceAtNAndCancelsTheRest()
    {
        var h = new Harness(ForkOfWaits("quorum", 2, 3));
        await h.StartAsync();

        var one = await h.RunAsync(new SignalStimulus("go", "k2"));
        Assert.Equal(WorkflowStatus.Suspended, one.Status);
        var two = await h.RunAsync(new SignalStimulus("go", "k0"));

        Assert.Equal(WorkflowStatus.Completed, two.Status);
        Assert.Single(h.Completed, "join");
        Assert.Equal("w1", Assert.Single(two.Journal, j => j.Event == JournalEvent.Cancelled).NodeId);
        await Assert.ThrowsAsync<StimulusRejectedException>(() => h.RunAsync(new SignalStimulus("go", "k1")));
    }

    //   start -> f1 -> f2 -> a -\            (nested forks, each with its own join)
    //                      -> b --> j2 -\
    //              -> c ---------------> j1 -> end
    [Fact]
    public async Task RunBurst_NestedForks_JoinInnerThenOuter()
    {
        var h = new Harness(new FlowBuilder()
            .Node("start", "Start").Node("f1", "Fork").Node("f2", "Fork")
            .Node("a", "WaitForSignal", new { signal = "s", correlationKey = "a" }).Node("b", "Fork").Node("c", "Fork")
            .Node("j2", "Join").Node("j1", "Join").Node("end", "End")
            .Edges("start.Done -> f1", "f1.Done -> f2", "f1.Done -> c", "f2.Done -> a", "f2.Done -> b", "a.Done -> j2", "b.Done -> j2",
                "j2.Done -> j1", "c.Done -> j1", "j1.Done -> end").Build());

        await h.StartAsync();
        Assert.DoesNotContain("j2", h.Completed);
        await h.RunAsync(new SignalStimulus("s", "a"));

        var order = h.Completed;
        Assert.True(order.IndexOf("j2") < order.IndexOf("j1"), string.Join(",", order));
        Assert.Equal(WorkflowStatus.Completed, h.State.Status);
    }

    //   start -> head(SetVariable n = n + 1) -> check(n < 3) -True=> head (back-edge)
    //                                                       -False-> end
    [Fact]
    public async Task RunBurst_BackEdgeLoop_IteratesUntilConditionFails()
    {
        var h = new Harness(Loop("vars.n < 3"));

        var result = await h.StartAsync();

        Assert.Equal(WorkflowStatus.Completed, result.Status);
        Assert.Equal(3L, result.State.Variables["n"].GetInt64());
        Assert.Equal([0, 1, 2], result.Journal.Where(j => j.NodeId == "head").Select(j => j.Iteration));
    }

    [Fact]
    public async Task RunBurst_LoopBeyondCap_FaultsWithClearMessage()
    {
        var h = new Harness(Loop("true"), new RuntimeLimits { MaxLoopIterations = 5 });

        var result = await h.StartAsync();

        Assert.Equal(WorkflowStatus.Faulted, result.Status);
        Assert.Equal("back-edge check.True -> head (back-edge) was taken more than the cap of 5 iterations", result.Fault!.Message);
    }

    [Fact]
    public async Task RunBurst_LoopBeyondStepBudget_FaultsInsteadOfHanging()
    {
        var h = new Harness(Loop("true"), new RuntimeLimits { MaxStepsPerBurst = 50, MaxLoopIterations = 1000 });

        var result = await h.StartAsync();

        Assert.Equal(WorkflowStatus.Faulted, result.Status);
        Assert.Equal("step-budget", result.Fault!.ErrorType);
        Assert.StartsWith("burst exceeded the step budget of 50 node executions", result.Fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunBurst_ExpressionThatRunsLong_FaultsWithCostMessage()
    {
        var h = new Harness(new FlowBuilder().Node("start", "Start")
            .Node("d", "Decision", new { condition = "=[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, [1,2,3,4,5,6,7,8,9,10].all(c, [1,2,3,4,5,6,7,8,9,10].all(d, [1,2,3,4,5,6,7,8,9,10].all(e, a + b + c + d + e > 0)))))" })
            .Node("end", "End").Edges("start.Done -> d", "d.True -> end", "d.False -> end").Build());

        var result = await h.StartAsync();

        Assert.Equal(WorkflowStatus.Faulted, result.Status);
        Assert.Contains("evaluation cost exceeds the limit", result.Fault!.Message, StringComparison.Ordinal);
        Assert.False(result.Fault.IsTransient);
    }

    [Fact]
    public async Task RunBurst_DelayFor_SuspendsOnTimerAndCompletesWhenResumed()
    {
        var h = new Harness(new FlowBuilder().Node("start", "Start").Node("wait", "Delay", new { duration = "PT2H" }).Node("end", "End")
            .Edges("start.Done -> wait", "wait.Done -> end").Build());

        var first = await h.StartAsync();
        var timer = Assert.Single(first.NewBookmarks);
        Assert.Equal(BookmarkKind.Timer, timer.Kind);
        Assert.Equal(h.Time.Now.AddHours(2), timer.DueAt);

        h.Time.Now = timer.DueAt!.Value;
        var second = await h.ResumeAsync(timer);
        Assert.Equal(WorkflowStatus.Completed, second.Status);
        Assert.Equal([timer.Id], second.ClearedBookmarks.Select(b => b.Id));
    }

    [Fact]
    public async Task RunBurst_SignalWithWrongKey_IsRejectedAndStateUnchanged()
    {
        var h = new Harness(new FlowBuilder().InputSchema(AmountSchema).Node("start", "Start")
            .Node("w", "WaitForSignal", new { signal = "oa-approved", correlationKey = "=input.no" }).Node("end", "End")
            .Edges("start.Done -> w", "w.Done -> end").Build());
        var first = await h.StartAsync("""{"no": "OA-42"}""");
        var bookmark = Assert.Single(first.NewBookmarks);
        Assert.Equal(("oa-approved", "OA-42"), (bookmark.SignalName, bookmark.CorrelationKey));
        var before = h.State.ToJson();

        var e = await Assert.ThrowsAsync<StimulusRejectedException>(() => h.RunAsync(new SignalStimulus("oa-approved", "OA-43")));

        Assert.Equal($"instance '{h.State.InstanceId}' waits for no signal 'oa-approved' with correlation key 'OA-43'", e.Message);
        Assert.Equal(before, h.State.ToJson());
        Assert.Equal(WorkflowStatus.Completed, (await h.RunAsync(new SignalStimulus("oa-approved", "OA-42"))).Status);
    }

    [Fact]
    public async Task RunBurst_CallHttpReplayed_EmitsTheSameIdempotencyKey()
    {
        var definition = new FlowBuilder().Node("start", "Start").Node("call", "CallHttp", new { url = "https://erp.example/api/po" })
            .Node("ok", "End").Node("ko", "End").Edges("start.Done -> call", "call.Succeeded -> ok", "call.Failed -> ko").Build();
        var first = new Harness(definition, instanceId: "inst-1");
        var replay = new Harness(definition, instanceId: "inst-1");

        var a = await first.StartAsync();
        var b = await replay.StartAsync();

        var message = Assert.Single(a.OutboundMessages);
        Assert.Equal("inst-1/call/i0/a1", message.IdempotencyKey);
        Assert.Equal(message.IdempotencyKey, Assert.Single(b.OutboundMessages).IdempotencyKey);
        Assert.Equal(message.IdempotencyKey, Assert.Single(a.NewBookmarks).IdempotencyKey);
        var done = await first.ResumeAsync(first.BookmarkOf("call"), """{"succeeded": true, "status": 200}""");
        Assert.Equal(["start", "call", "ok"], first.Completed);
        Assert.Equal(WorkflowStatus.Completed, done.Status);
    }

    [Fact]
    public async Task RunBurst_TerminateWithFault_FaultsAndClearsOtherBookmarks()
    {
        var h = new Harness(new FlowBuilder().Node("start", "Start").Node("f", "Fork")
            .Node("w", "WaitForSignal", new { signal = "s", correlationKey = "k" }).Node("t", "TerminateWithFault", new { message = "vendor blacklisted" })
            .Node("end", "End").Edges("start.Done -> f", "f.Done -> w", "f.Done -> t", "w.Done -> end").Build());

        var result = await h.StartAsync();

        Assert.Equal(WorkflowStatus.Faulted, result.Status);
        Assert.Equal("vendor blacklisted", result.Fault!.Message);
        Assert.Empty(result.State.Bookmarks);
    }

    [Fact]
    public async Task InstanceState_AfterSuspension_RoundTripsExactly()
    {
        var h = new Harness(ForkOfWaits("quorum", 2, 3));
        await h.StartAsync();
        await h.RunAsync(new SignalStimulus("go", "k0"));

        var json = h.State.ToJson();
        var back = InstanceState.FromJson(json);

        Assert.Equal(json, back.ToJson());
        Assert.Equal(h.State.Bookmarks, back.Bookmarks);
        var resumed = await h.Runtime.RunBurstAsync(h.Snapshot, back, new SignalStimulus("go", "k1"), CancellationToken.None);
        Assert.Equal(WorkflowStatus.Completed, resumed.Status);
    }

    internal static Hub.Workflows.Definitions.WorkflowDefinition ForkOfWaits(string mode, int quorum, int branches)
    {
        var b = new FlowBuilder().Node("start", "Start").Node("fork", "Fork").Node("join", "Join", new { mode, quorum }).Node("end", "End")
            .Edges("start.Done -> fork", "join.Done -> end");
        for (var i = 0; i < branches; i++)
        {
            b.Node($"w{i}", "WaitForSignal", new { signal = "go", correlationKey = $"k{i}" }).Edges($"fork.Done -> w{i}", $"w{i}.Done -> join");
        }

        return b.Build();
    }

    private static Hub.Workflows.Definitions.WorkflowDefinition Loop(string condition) => new FlowBuilder().Variable("n", """{"type":"integer"}""", "0")
        .Node("start", "Start").Node("head", "SetVariable", new { variable = "n", value = "=vars.n + 1" })
        .Node("check", "Decision", new { condition = "=" + condition }).Node("end", "End")
        .Edges("start.Done -> head", "head.Done -> check", "check.True => head", "check.False -> end").Build();
}
