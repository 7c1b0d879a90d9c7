namespace Hub.Workflows.Activities.Core;

/// <summary>Ends one path; the instance completes when no path is left running or suspended.</summary>
[Activity("End", "Flow", "End", "Ends this path. The instance completes when every path has ended.")]
internal sealed class EndActivity : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ActivityResult.Complete());
}
