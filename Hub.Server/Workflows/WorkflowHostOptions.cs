using Hub.Workflows.Definitions.Inputs;

namespace Hub.Server.Workflows;

/// <summary>How a node runs workflow work (section <c>Workflows</c>).</summary>
internal sealed class WorkflowHostOptions
{
    /// <summary>This node's name in lease columns. Unset: host name, process id and a random suffix.</summary>
    public string NodeName { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Concurrent worker loops per node. Unset: 2. Zero runs no background work (the CLI drives work itself).</summary>
    public int WorkerLoops { get; init; } = 2;

    /// <summary>How long a worker waits before looking again when due work was there but held by another transaction
    /// (a busy instance, another node's lock). Unset: 100 ms.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The fallback poll of an idle worker: it sleeps until a notification (<see cref="WorkSignal"/>), the
    /// earliest due time in the queue, or this long, whichever comes first. Work due sooner than this is announced at
    /// commit; all nodes of a cluster should use one value. Unset: 5 s.</summary>
    public TimeSpan IdlePollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a node owns a delivery it took; after this another node may take it. Unset: 30 s.</summary>
    public TimeSpan DeliveryLease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one outbound HTTP call; must be well below <see cref="DeliveryLease"/>. Unset: 10 s.</summary>
    public TimeSpan DeliveryTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Delivery attempts before the delivery becomes an incident. Unset: 5.</summary>
    public int MaxDeliveryAttempts { get; init; } = 5;

    /// <summary>Backoff before the second delivery attempt, doubled per attempt, plus up to 25% jitter. Unset: 1 s.</summary>
    public TimeSpan DeliveryBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a signal that arrived before its bookmark is kept. Unset: 1 day.</summary>
    public TimeSpan SignalTimeToLive { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Bounds on start inputs and signal payloads: bytes, string length, nesting, pattern time
    /// (docs/workflow-format.md, "Input schema"). Unset: <see cref="InputLimits.Default"/>.</summary>
    public InputLimits InputLimits { get; init; } = InputLimits.Default;
}
