using Hub.Workflows.Definitions.Inputs;
using Hub.Workflows.Incidents;
using Hub.Workflows.Runtime;

namespace Hub.Server.Workflows;

/// <summary>What an act on an instance (start it; cancel it; retry, skip or cancel one of its incidents) came to:
/// done, or the reason it was refused, with nothing written. The API maps each case to HTTP in one place.</summary>
internal abstract record InstanceAct
{
    private InstanceAct()
    {
    }

    /// <summary>The act committed; the instance is now <paramref name="Status"/>.</summary>
    public sealed record Done(Guid InstanceId, WorkflowStatus Status) : InstanceAct;

    /// <summary>There is no such incident or instance (<paramref name="What"/> names it, e.g. "incident 7f…").</summary>
    public sealed record NotFound(string What) : InstanceAct;

    /// <summary>The incident was already retried, skipped or cancelled.</summary>
    public sealed record AlreadyResolved(Guid IncidentId, IncidentStatus Status) : InstanceAct;

    /// <summary>The instance already ended; nothing runs on it any more.</summary>
    public sealed record InstanceEnded(Guid InstanceId, WorkflowStatus Status) : InstanceAct;

    /// <summary>The instance no longer waits where the incident left it (the node ran again, the delivery is gone).</summary>
    public sealed record NoLongerWaiting(string Reason) : InstanceAct;

    /// <summary>A start's input breaks the definition's input schema or the size limits (or a signal's payload the
    /// limits); every problem is listed. <paramref name="Field"/> is the request field the paths are inside.</summary>
    public sealed record InputRefused(IReadOnlyList<InputProblem> Problems, string Field = "input") : InstanceAct;

    /// <summary>The node cannot complete with the outcome asked for.</summary>
    public sealed record OutcomeRefused(string NodeId, string Outcome, string Reason) : InstanceAct;
}
