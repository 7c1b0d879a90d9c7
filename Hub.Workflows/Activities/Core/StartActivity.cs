namespace Hub.Workflows.Activities.Core;

/// <summary>Where an instance begins; exactly one per definition.</summary>
[Activity("Start", "Flow", "Start", "Where the instance begins; receives the instance input.")]
[Outcomes("Done")]
internal sealed class StartActivity : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ActivityResult.Complete("Done"));
}
