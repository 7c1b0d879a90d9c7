using Hub.Workflows.Runtime;

namespace Hub.Workflows.Activities.Core;

/// <summary>Waits for a named signal carrying a correlation key (e.g. the OA request number).</summary>
[Activity("WaitForSignal", "Events", "Wait for signal", "Waits until a signal with this name and correlation key arrives.")]
[Outcomes("Done")]
[Output("payload", "any", "The signal's payload.")]
internal sealed class WaitForSignalActivity : Activity
{
    [Input(Description = "The signal name.", Required = true, Order = 0)]
    public string Signal { get; set; } = "";

    [Input(Description = "The correlation key, usually an expression such as input.requestNo.", UiHint = UiHints.Expression, Required = true, Order = 1)]
    public string CorrelationKey { get; set; } = "";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ActivityResult.Suspend(new BookmarkRequest(BookmarkKind.Signal, SignalName: Signal, CorrelationKey: CorrelationKey)));

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        if (context.ResumePayload is { } payload)
        {
            context.SetOutput("payload", payload);
        }

        return ValueTask.FromResult(ActivityResult.Complete("Done"));
    }
}
