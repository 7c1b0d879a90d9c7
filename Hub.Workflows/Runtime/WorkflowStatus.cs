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

    /// <summary>Stopped by a person or system through the host (an incident cancelled, the instance cancelled); no
    /// burst ever ends in it, and nothing runs on it again.</summary>
    Cancelled,
}
