using Hub.Workflows.Runtime;
using Xunit.Abstractions;

namespace Hub.Workflows.Tests.Runtime;

/// <summary>Join semantics pinned over hundreds of generated flowcharts (seeded; the seed is in every failure).</summary>
public sealed class FlowchartPropertyTests(ITestOutputHelper output)
{
    private const int Runs = 400;

    [Fact]
    public async Task RunBurst_RandomFlowcharts_HoldTheJoinInvariants()
    {
        var joinsSeen = new Dictionary<string, int>();
        for (var seed = 1; seed <= Runs; seed++)
        {
            try
            {
                await CheckAsync(seed, joinsSeen);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"seed {seed}: {e.Message}", e);
            }
        }

        output.WriteLine($"{Runs} flowcharts; joins by mode: {string.Join(", ", joinsSeen.Select(kv => $"{kv.Key}={kv.Value}"))}");
        Assert.All(new[] { "all", "firstWins", "quorum" }, mode => Assert.True(joinsSeen.GetValueOrDefault(mode) >= 50, $"too few {mode} joins generated"));
    }

    private static async Task CheckAsync(int seed, Dictionary<string, int> joinsSeen)
    {
        var flow = RandomFlowchart.Generate(seed);
        var h = new Harness(flow.Definition);
        var oracle = new Random(seed * 7919);
        var burst = await h.StartAsync();
        for (var bursts = 0; h.State.Bookmarks.Count > 0; bursts++)
        {
            Assert.True(bursts < 500, "more bursts than bookmarks could explain");
            Assert.Equal(WorkflowStatus.Suspended, burst.Status);
            var pending = h.State.Bookmarks;
            burst = await h.ResumeAsync(pending[oracle.Next(pending.Count)]);
            Assert.True(burst.Steps <= RuntimeLimits.Default.MaxStepsPerBurst);
        }

        // No join waits forever: with nothing pending, the instance is complete and no node is half-joined.
        Assert.Equal(WorkflowStatus.Completed, burst.Status);
        Assert.All(h.State.Data.Nodes, n => Assert.True(
            n.Value.Status is not (NodeStatus.Scheduled or NodeStatus.Suspended)
            && !(n.Value.Status == NodeStatus.Waiting && n.Value.Live.Count > 0), $"node {n.Key} left {n.Value.Status}"));

        var journal = h.Journal.ToList();
        var completions = journal.Where(j => j.Event == JournalEvent.Completed).GroupBy(j => j.NodeId).ToDictionary(g => g.Key, g => g.Count());
        var executions = journal.Where(j => j.Event != JournalEvent.Cancelled && j.Inputs is not null).GroupBy(j => j.NodeId).ToDictionary(g => g.Key, g => g.Count());

        // Every node executes at most once per activation (no loops here: one activation).
        Assert.All(executions, e => Assert.True(e.Value == 1, $"node {e.Key} executed {e.Value} times"));
        Assert.All(flow.MustComplete, id => Assert.True(completions.GetValueOrDefault(id) == 1, $"node {id} should complete once"));
        Assert.All(flow.MustNotRun, id => Assert.False(executions.ContainsKey(id), $"node {id} on a dead branch ran"));

        foreach (var join in flow.Joins)
        {
            joinsSeen[join.Mode] = joinsSeen.GetValueOrDefault(join.Mode) + 1;
            var fired = completions.GetValueOrDefault(join.Id);
            Assert.True(fired <= 1, $"join {join.Id} ({join.Mode}) fired {fired} times");
            if (join.Live && !join.Cancellable)
            {
                Assert.True(fired == 1, $"join {join.Id} ({join.Mode} {join.Quorum}/{join.Branches}) should fire exactly once");
            }

            if (fired == 1 && join.Mode != "all")
            {
                // First-wins and quorum cancel the rest: nothing inside the block completes after the join fired.
                var at = journal.FindIndex(j => j.NodeId == join.Id && j.Event == JournalEvent.Completed);
                var late = journal.Skip(at + 1).Where(j => j.Event == JournalEvent.Completed && join.Inside.Contains(j.NodeId)).Select(j => j.NodeId).ToList();
                Assert.True(late.Count == 0, $"join {join.Id} ({join.Mode}) fired but {string.Join(",", late)} completed afterwards");
            }
        }
    }
}
