namespace Hub.Workflows.Incidents;

/// <summary>What ran out of attempts.</summary>
public enum IncidentKind
{
    /// <summary>An activity faulted with no retry left; the instance is Faulted at that node.</summary>
    Fault,

    /// <summary>An outbox message could not be delivered (its handler kept answering transient); the node still waits.</summary>
    Delivery,
}
