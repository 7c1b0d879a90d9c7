namespace Hub.Workflows.HumanTasks;

/// <summary>Where a human task is in its life: open → claimed → decided, or cancelled from either.</summary>
public enum HumanTaskStatus
{
    /// <summary>Waiting for any of its candidates.</summary>
    Open,

    /// <summary>Taken by one candidate (its assignee); the others leave it.</summary>
    Claimed,

    /// <summary>Approved, rejected or returned; final.</summary>
    Decided,

    /// <summary>No longer awaited (the instance moved on, was cancelled, or a quorum was reached); final.</summary>
    Cancelled,
}
