using System.Diagnostics.Metrics;

namespace Hub.Server.Workflows;

/// <summary>What the workflow host did, for tests, the bench and metrics: bursts run and transactions committed.
/// The goal is one commit per burst (perf.md G1).</summary>
internal sealed class WorkflowCounters : IDisposable
{
    private readonly Meter meter = new("Hub.Workflows");
    private long bursts;
    private long commits;
    private long deliveries;
    private long looks;

    public WorkflowCounters()
    {
        meter.CreateObservableCounter("hub.workflow.bursts", () => Interlocked.Read(ref bursts));
        meter.CreateObservableCounter("hub.workflow.commits", () => Interlocked.Read(ref commits));
        meter.CreateObservableCounter("hub.workflow.deliveries", () => Interlocked.Read(ref deliveries));
        meter.CreateObservableCounter("hub.workflow.queue-looks", () => Interlocked.Read(ref looks));
    }

    public long Bursts => Interlocked.Read(ref bursts);

    public long Commits => Interlocked.Read(ref commits);

    public long Deliveries => Interlocked.Read(ref deliveries);

    /// <summary>How often a worker loop looked at the queue (busy or idle): what idle back-off keeps low.</summary>
    public long QueueLooks => Interlocked.Read(ref looks);

    public void LookedAtQueue() => Interlocked.Increment(ref looks);

    public void BurstRan() => Interlocked.Increment(ref bursts);

    public void Committed() => Interlocked.Increment(ref commits);

    public void Delivered() => Interlocked.Increment(ref deliveries);

    public void Dispose() => meter.Dispose();
}
