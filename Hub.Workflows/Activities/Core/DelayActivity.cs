using Hub.Workflows.Runtime;

namespace Hub.Workflows.Activities.Core;

/// <summary>Waits until a time or for a duration, on a timer bookmark the host's timer rows resume.</summary>
[Activity("Delay", "Time", "Delay", "Waits until a point in time or for a duration.")]
[Outcomes("Done")]
internal sealed class DelayActivity : Activity
{
    [Input(Description = "Wait until this time (give this or duration).", UiHint = UiHints.DateTime, Order = 0)]
    public DateTimeOffset? Until { get; set; }

    [Input(Description = "Wait this long, ISO 8601 (e.g. P2D); give this or until.", UiHint = UiHints.Duration, Order = 1)]
    public TimeSpan? Duration { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var due = (Until, Duration) switch
        {
            ({ } until, null) => until,
            (null, { } duration) => context.Now + duration,
            _ => throw new ActivityFaultException($"delay '{context.NodeId}' needs exactly one of 'until' or 'duration'", false, "invalid-input"),
        };
        return ValueTask.FromResult(due <= context.Now
            ? ActivityResult.Complete("Done")
            : ActivityResult.Suspend(new BookmarkRequest(BookmarkKind.Timer, DueAt: due)));
    }
}
