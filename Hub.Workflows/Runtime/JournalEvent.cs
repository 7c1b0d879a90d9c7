namespace Hub.Workflows.Runtime;

/// <summary>What a journal entry records about a node.</summary>
public enum JournalEvent
{
    /// <summary>It completed with outcomes.</summary>
    Completed,

    /// <summary>It suspended on a bookmark.</summary>
    Suspended,

    /// <summary>It faulted (see the message; a retry may be scheduled).</summary>
    Faulted,

    /// <summary>A first-wins or quorum join, or a termination, cancelled it.</summary>
    Cancelled,

    /// <summary>It terminated the instance with a fault.</summary>
    Terminated,
}
