namespace Hub.Server.Workflows;

/// <summary>
/// Wakes this node's idle worker loops instead of letting them poll: a commit that makes work due soon sends a
/// PostgreSQL NOTIFY on <see cref="Channel"/> (<see cref="WorkflowTransaction.WakeWorkers"/>), <see cref="WorkListener"/>
/// hears it on every node and calls <see cref="WakeAt"/>. Work due later than <see cref="WorkflowHostOptions.IdlePollInterval"/>
/// is announced by no one: an idle loop always sleeps until the earliest due time it read from the queue or the
/// fallback poll, whichever is first, so it finds such work in time on its own.
/// </summary>
internal sealed class WorkSignal(TimeProvider time, WorkflowHostOptions options)
{
    /// <summary>The NOTIFY channel; the payload is the due time in Unix milliseconds.</summary>
    public const string Channel = "hub_work";

    private readonly Lock gate = new();
    private TaskCompletionSource pulse = NewPulse();
    private ITimer? timer;
    private DateTimeOffset timerAt = DateTimeOffset.MaxValue;

    /// <summary>Completes at the next wake-up. Take it before looking at the queue, so a wake-up that arrives while
    /// looking is not lost.</summary>
    public Task Pulse
    {
        get
        {
            lock (gate)
            {
                return pulse.Task;
            }
        }
    }

    /// <summary>Whether a commit that makes work due at <paramref name="dueAt"/> must notify the nodes: later work is
    /// found by their fallback poll before it is due.</summary>
    public bool MustAnnounce(DateTimeOffset dueAt) => dueAt < time.GetUtcNow() + options.IdlePollInterval;

    /// <summary>Wakes the loops now, or at <paramref name="dueAt"/> when that is later.</summary>
    public void WakeAt(DateTimeOffset dueAt)
    {
        var delay = dueAt - time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            Wake();
            return;
        }

        lock (gate)
        {
            if (dueAt >= timerAt)
            {
                return;
            }

            timerAt = dueAt;
            timer ??= time.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Wakes every waiting loop now.</summary>
    public void Wake()
    {
        TaskCompletionSource woken;
        lock (gate)
        {
            woken = pulse;
            pulse = NewPulse();
        }

        woken.TrySetResult();
    }

    /// <summary>Sleeps until <paramref name="pulse"/> completes or <paramref name="until"/>, whichever is first.</summary>
    public async Task SleepAsync(Task pulse, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var delay = until - time.GetUtcNow();
        if (delay <= TimeSpan.Zero || pulse.IsCompleted)
        {
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sleep = Task.Delay(delay, time, stop.Token);
        await Task.WhenAny(pulse, sleep);
        await stop.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    private void Fire()
    {
        lock (gate)
        {
            // A later WakeAt may have moved the timer earlier meanwhile; only a due time that has passed is spent.
            if (timerAt <= time.GetUtcNow())
            {
                timerAt = DateTimeOffset.MaxValue;
            }
        }

        Wake();
    }

    private static TaskCompletionSource NewPulse() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
