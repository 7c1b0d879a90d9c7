using Hub.Workflows.Activities;

namespace Hub.Workflows.Tests.Runtime;

/// <summary>A step that faults (not transient, so straight to an incident) on its first <see cref="Failures"/> attempts
/// and completes Done after that: an operator's retry is a new attempt, so it succeeds on retry number Failures.</summary>
[Activity("Flaky", "Test", "Flaky step", "Faults on its first N attempts, then completes.")]
[Outcomes("Done")]
internal sealed class FlakyStep : Activity
{
    [Input(Description = "Attempts that fault before one completes.", DefaultJson = "1", LiteralOnly = true)]
    public int Failures { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        context.Attempt <= Failures
            ? throw new ActivityFaultException($"{context.NodeId} failed attempt {context.Attempt}", isTransient: false, "flaky")
            : ValueTask.FromResult(ActivityResult.Complete("Done"));
}
