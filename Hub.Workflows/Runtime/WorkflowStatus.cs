namespace Hub.Workflows.Runtime;

/// <summary>Where an instance stands after a burst.</summary>
public enum WorkflowStatus
{
    /// <summary>Created, waiting for its start stimulus.</summary>
    NotStarted,

    /// <summary>Inside a burst; never the status after one.</summary>
    Running,

    /// <summary>Waiting on at least one bookmark.</summary>
    Suspended,

    /// <summary>Every path ended.</summary>
    Completed,

    /// <summary>Terminated with a fault, or an activity fault with no retry left (an incident).</summary>
    Faulted,
}
