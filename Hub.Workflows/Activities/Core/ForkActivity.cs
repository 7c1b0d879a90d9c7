namespace Hub.Workflows.Activities.Core;

/// <summary>Starts parallel branches: every connection from Done is taken.</summary>
[Activity("Fork", "Flow", "Fork", "Runs every branch connected to Done in parallel.")]
[Outcomes("Done")]
internal sealed class ForkActivity : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ActivityResult.Complete("Done"));
}
