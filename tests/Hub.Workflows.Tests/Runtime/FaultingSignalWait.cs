using Hub.Workflows.Activities;
using Hub.Workflows.Runtime;

namespace Hub.Workflows.Tests.Runtime;

/// <summary>Waits for a signal like WaitForSignal, and faults (not transient: an incident) when the signal arrives.</summary>
[Activity("FaultingSignalWait", "Test", "Faulting signal wait", "Waits for a signal, then faults.")]
[Outcomes("Done")]
internal sealed class FaultingSignalWait : Activity
{
    [Input(Description = "Signal name.", Required = true)]
    public string Signal { get; set; } = "";

    [Input(Description = "Correlation key.", Required = true)]
    public string CorrelationKey { get; set; } = "";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ActivityResult.Suspend(new BookmarkRequest(BookmarkKind.Signal, SignalName: Signal, CorrelationKey: CorrelationKey)));

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, CancellationToken cancellationToken) =>
        throw new ActivityFaultException($"{context.NodeId} could not use the signal", isTransient: false, "faulting-wait");
}
