using System.Text.Json;
using CsCheck;
using Hub.Workflows.Definitions;
using Hub.Workflows.Runtime;

namespace Hub.Workflows.Tests.Runtime;

/// <summary>Retry and skip never lose a branch, over generated flowcharts (RandomFlowchart: sequences, forks, joins all /
/// first-wins / quorum, decisions, signal waits) in which some steps fault on their first N attempts: driven with the
/// same choices, the faulted run completes exactly the nodes, in the same order and with the same outcomes, as the
/// fault-free run of the same graph.</summary>
public sealed class IncidentResumeProperties
{
    /// <summary>A graph seed, how many of its steps fault, on how many attempts each, retried or skipped, and the seed
    /// that orders the signals.</summary>
    private sealed record Scenario(int Graph, int Faulty, int Failures, bool Skip, int Signals);

    private static readonly Gen<Scenario> Scenarios = Gen.Select(Gen.Int[1, 100_000], Gen.Int[1, 4], Gen.Int[1, 3], Gen.Bool, Gen.Int[0, 100_000],
        (graph, faulty, failures, skip, signals) => new Scenario(graph, faulty, failures, skip, signals));

    [Fact]
    public async Task RetryOrSkip_FaultsInjectedIntoGeneratedFlowcharts_EveryNodeRunsAsInTheFaultFreeRun()
    {
        var faultsSeen = 0;
        await Scenarios.SampleAsync(async s =>
        {
            var flow = RandomFlowchart.Generate(s.Graph);
            var steps = flow.Definition.Flowchart.Nodes.Where(n => n.Type == "Fork").Select(n => n.Id).ToList();
            var pick = new Random(s.Graph);
            var chosen = steps.OrderBy(_ => pick.Next()).Take(s.Faulty).ToHashSet(StringComparer.Ordinal);
            var instanceId = $"prop-{s.Graph}";

            var clean = new Harness(WithFlaky(flow.Definition, chosen, 0), instanceId: instanceId, registry: TestActivities.Registry);
            Assert.Equal(0, await RunAsync(clean, s));
            var faulty = new Harness(WithFlaky(flow.Definition, chosen, s.Failures), instanceId: instanceId, registry: TestActivities.Registry);
            var incidents = await RunAsync(faulty, s);
            Interlocked.Add(ref faultsSeen, incidents);

            Assert.Equal(WorkflowStatus.Completed, faulty.State.Status);
            Assert.Equal(Completions(clean), Completions(faulty));
            // Each fault was one incident, resolved: a node faulted Failures times (retried until it ran) or once (skipped).
            Assert.Equal(incidents, faulty.Journal.Count(j => j.Event == JournalEvent.Faulted));
            Assert.All(faulty.Journal.Where(j => j.Event == JournalEvent.Faulted).GroupBy(j => j.NodeId),
                g => Assert.Equal(s.Skip ? 1 : s.Failures, g.Count()));
        }, iter: 300);

        Assert.True(faultsSeen > 200, $"only {faultsSeen} incidents were injected");
    }

    /// <summary>Runs to the end: resolves every incident as the scenario says and resumes the pending bookmark the
    /// scenario's signal seed picks (bookmarks ordered by id, so both runs pick alike). Returns how many incidents it resolved.</summary>
    private static async Task<int> RunAsync(Harness h, Scenario s)
    {
        var oracle = new Random(s.Signals);
        var incidents = 0;
        var burst = await h.StartAsync();
        for (var bursts = 0; ; bursts++)
        {
            Assert.True(bursts < 1_000, "more bursts than the graph could explain");
            if (burst.Status == WorkflowStatus.Faulted)
            {
                incidents++;
                var node = burst.State.Fault!.NodeId!;
                burst = await h.RunAsync(s.Skip ? new SkipStimulus(node, "Done", "operator") : new RetryStimulus(node, "operator"));
                continue;
            }

            if (h.State.Bookmarks.Count == 0)
            {
                Assert.Equal(WorkflowStatus.Completed, burst.Status);
                return incidents;
            }

            var pending = h.State.Bookmarks.OrderBy(b => b.Id, StringComparer.Ordinal).ToList();
            burst = await h.ResumeAsync(pending[oracle.Next(pending.Count)]);
        }
    }

    /// <summary>The completed executions in journal order, with their outcomes.</summary>
    private static List<string> Completions(Harness h) =>
        [.. h.Journal.Where(j => j.Event == JournalEvent.Completed).Select(j => $"{j.NodeId}:{string.Join('+', j.Outcomes)}")];

    /// <summary>The definition with the chosen Fork steps (one outcome, Done, like the Flaky step) replaced by steps
    /// that fault on their first <paramref name="failures"/> attempts.</summary>
    private static WorkflowDefinition WithFlaky(WorkflowDefinition definition, HashSet<string> chosen, int failures) =>
        definition with
        {
            Flowchart = definition.Flowchart with
            {
                Nodes = [.. definition.Flowchart.Nodes.Select(n => chosen.Contains(n.Id)
                    ? n with { Type = "Flaky", Inputs = new Dictionary<string, InputValue> { ["failures"] = InputValue.FromLiteral(JsonSerializer.SerializeToElement(failures)) } }
                    : n)],
            },
        };
}
