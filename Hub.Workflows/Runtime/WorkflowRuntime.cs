using Hub.Workflows.Activities;

namespace Hub.Workflows.Runtime;

/// <summary>The runtime facade: runs one burst of an instance on its pinned snapshot. Stateless and thread-safe;
/// persistence, leases and retries of the burst itself are the host's. The given state is never modified: a burst
/// works on a copy, so a thrown <see cref="StimulusRejectedException"/> leaves nothing half done.</summary>
public sealed class WorkflowRuntime
{
    private readonly ActivityRegistry registry;
    private readonly TimeProvider time;
    private readonly RuntimeLimits limits;

    /// <summary>Creates a runtime over <paramref name="registry"/>, reading time only from <paramref name="time"/>.</summary>
    public WorkflowRuntime(ActivityRegistry registry, TimeProvider time, RuntimeLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(time);
        this.registry = registry;
        this.time = time;
        this.limits = limits ?? RuntimeLimits.Default;
    }

    /// <summary>Applies <paramref name="stimulus"/> and runs until every path is suspended or done.</summary>
    /// <exception cref="StimulusRejectedException">The stimulus does not fit the instance; nothing changed.</exception>
    public async Task<BurstResult> RunBurstAsync(DefinitionSnapshot snapshot, InstanceState state, WorkflowStimulus stimulus,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(stimulus);
        var interpreter = new FlowchartInterpreter(snapshot, registry, time, limits, state.Copy().Data);
        return await interpreter.RunAsync(stimulus, cancellationToken);
    }
}
