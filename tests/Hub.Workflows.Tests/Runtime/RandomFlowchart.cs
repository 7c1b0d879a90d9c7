using Hub.Workflows.Definitions;

namespace Hub.Workflows.Tests.Runtime;

/// <summary>Generates a random well-formed flowchart from a seed: sequences, parallel blocks (fork + join of a random
/// mode: all, first-wins, quorum N of M), decisions whose outcome a seeded oracle fixes as a literal, merges (implicit
/// or an explicit join "all"), instant steps and signal waits. It records what a correct runtime must do.</summary>
internal sealed class RandomFlowchart
{
    private readonly Random random;
    private readonly FlowBuilder builder = new();
    private int next;

    private RandomFlowchart(int seed) => random = new Random(seed);

    public WorkflowDefinition Definition { get; private set; } = null!;

    /// <summary>Joins of parallel blocks: id, mode, quorum, whether the block runs, whether an enclosing
    /// first-wins/quorum block may cancel it, and the nodes inside its branches.</summary>
    public List<JoinExpectation> Joins { get; } = [];

    /// <summary>Nodes expected to complete exactly once (live and never subject to cancellation).</summary>
    public HashSet<string> MustComplete { get; } = [];

    /// <summary>Nodes expected never to run (on an untaken decision branch).</summary>
    public HashSet<string> MustNotRun { get; } = [];

    public static RandomFlowchart Generate(int seed)
    {
        var g = new RandomFlowchart(seed);
        g.builder.Node("start", "Start").Node("end", "End");
        var (entry, exit, _) = g.Block(0, live: true, cancellable: false);
        g.builder.Edges($"start.Done -> {entry}", $"{exit}.Done -> end");
        g.MustComplete.Add("start");
        g.MustComplete.Add("end");
        g.Definition = g.builder.Build($"random-{seed}");
        return g;
    }

    private (string Entry, string Exit, List<string> Nodes) Block(int depth, bool live, bool cancellable)
    {
        var choice = depth >= 4 ? random.Next(2) : random.Next(5);
        return choice switch
        {
            0 => Step(live, cancellable),
            1 => Wait(live, cancellable),
            2 => Sequence(depth, live, cancellable),
            3 => Parallel(depth, live, cancellable),
            _ => Decision(depth, live, cancellable),
        };
    }

    private (string, string, List<string>) Step(bool live, bool cancellable)
    {
        var id = $"step{next++}";
        builder.Node(id, "Fork");
        Expect(id, live, cancellable);
        return (id, id, [id]);
    }

    private (string, string, List<string>) Wait(bool live, bool cancellable)
    {
        var id = $"wait{next++}";
        builder.Node(id, "WaitForSignal", new { signal = "go", correlationKey = id });
        Expect(id, live, cancellable);
        return (id, id, [id]);
    }

    private (string, string, List<string>) Sequence(int depth, bool live, bool cancellable)
    {
        var a = Block(depth + 1, live, cancellable);
        var b = Block(depth + 1, live, cancellable);
        builder.Edges($"{a.Exit}.Done -> {b.Entry}");
        return (a.Entry, b.Exit, [.. a.Nodes, .. b.Nodes]);
    }

    private (string, string, List<string>) Parallel(int depth, bool live, bool cancellable)
    {
        var fork = $"fork{next++}";
        var join = $"join{next++}";
        var branches = random.Next(2, 5);
        var mode = random.Next(3) switch { 0 => "all", 1 => "firstWins", _ => "quorum" };
        var quorum = mode == "quorum" ? random.Next(1, branches + 1) : 0;
        builder.Node(fork, "Fork").Node(join, "Join", new { mode, quorum });
        Expect(fork, live, cancellable);
        Expect(join, live, cancellable);
        var inside = new List<string>();
        for (var i = 0; i < branches; i++)
        {
            var branch = Block(depth + 1, live, cancellable || mode != "all");
            builder.Edges($"{fork}.Done -> {branch.Entry}", $"{branch.Exit}.Done -> {join}");
            inside.AddRange(branch.Nodes);
        }

        Joins.Add(new JoinExpectation(join, mode, quorum, branches, live, cancellable, inside));
        return (fork, join, [fork, .. inside, join]);
    }

    private (string, string, List<string>) Decision(int depth, bool live, bool cancellable)
    {
        var decision = $"dec{next++}";
        var merge = $"merge{next++}";
        var taken = random.Next(2) == 0;
        builder.Node(decision, "Decision", new { condition = taken });
        if (random.Next(2) == 0)
        {
            builder.Node(merge, "Fork");
        }
        else
        {
            builder.Node(merge, "Join", new { mode = "all" });
        }

        Expect(decision, live, cancellable);
        Expect(merge, live, cancellable);
        var whenTrue = Block(depth + 1, live && taken, cancellable);
        var whenFalse = random.Next(3) == 0 ? default : Block(depth + 1, live && !taken, cancellable);
        builder.Edges($"{decision}.True -> {whenTrue.Entry}", $"{whenTrue.Exit}.Done -> {merge}");
        builder.Edges(whenFalse.Entry is null
            ? [$"{decision}.False -> {merge}"]
            : [$"{decision}.False -> {whenFalse.Entry}", $"{whenFalse.Exit}.Done -> {merge}"]);
        return (decision, merge, [decision, .. whenTrue.Nodes, .. whenFalse.Nodes ?? [], merge]);
    }

    private void Expect(string id, bool live, bool cancellable)
    {
        if (!live)
        {
            MustNotRun.Add(id);
        }
        else if (!cancellable)
        {
            MustComplete.Add(id);
        }
    }

    internal sealed record JoinExpectation(string Id, string Mode, int Quorum, int Branches, bool Live, bool Cancellable, List<string> Inside);
}
