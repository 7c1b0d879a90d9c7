namespace Hub.Workflows.Activities.Core;

/// <summary>Ends the whole instance as faulted, cancelling every other path.</summary>
[Activity("TerminateWithFault", "Flow", "Terminate with fault", "Ends the instance as faulted with a message; other paths are cancelled.")]
internal sealed class TerminateWithFaultActivity : Activity
{
    [Input(Description = "Why the instance is faulted.", Required = true)]
    public string Message { get; set; } = "";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ActivityResult.Terminate(Message));
}
