namespace Hub.Workflows.Activities.Core;

/// <summary>Merges branches. The flowchart runtime decides when it fires from its mode; executing it only completes.</summary>
[Activity("Join", "Flow", "Join", "Waits for inbound branches: all activated ones, the first, or a quorum of N.")]
[Outcomes("Done")]
internal sealed class JoinActivity : Activity
{
    [Input(Description = "all: every activated branch; firstWins: the first, cancelling the others; quorum: N arrivals, cancelling the others.",
        UiHint = UiHints.Dropdown, DefaultJson = "\"all\"", LiteralOnly = true, Order = 0)]
    public JoinMode Mode { get; set; }

    [Input(Description = "For quorum: how many branches must arrive.", DefaultJson = "0", LiteralOnly = true, Order = 1)]
    public int Quorum { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ActivityResult.Complete("Done"));
}
