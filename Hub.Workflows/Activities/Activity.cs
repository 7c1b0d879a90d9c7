namespace Hub.Workflows.Activities;

/// <summary>The base of every activity. A fresh instance is made for each execution; the runtime sets its
/// <see cref="InputAttribute"/> properties first. Keep <see cref="ExecuteAsync"/> short: an activity is a card.</summary>
public abstract class Activity
{
    /// <summary>Runs the node: complete with outcomes, suspend on a bookmark, or terminate the instance.</summary>
    public abstract ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken);

    /// <summary>Continues after a bookmark of this node was resumed; <see cref="ActivityContext.ResumePayload"/> holds
    /// what the host passed. The default completes with <c>Done</c>.</summary>
    public virtual ValueTask<ActivityResult> ResumeAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ActivityResult.Complete("Done"));
}
