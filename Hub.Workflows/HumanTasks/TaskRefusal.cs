namespace Hub.Workflows.HumanTasks;

/// <summary>Why an act on a human task was refused; the host maps each to one HTTP status in one place.</summary>
public enum TaskRefusal
{
    /// <summary>There is no such task (or the caller may not know of it).</summary>
    NotFound,

    /// <summary>The actor is not among the task's candidates.</summary>
    NotCandidate,

    /// <summary>Only people act on tasks; a system caller never is a candidate.</summary>
    NotAPerson,

    /// <summary>The task is decided or cancelled.</summary>
    Closed,

    /// <summary>The actor already holds the task.</summary>
    AlreadyClaimed,

    /// <summary>Another candidate holds the task.</summary>
    ClaimedByAnother,

    /// <summary>The instance no longer waits for this task (it moved on, faulted or was cancelled).</summary>
    NoLongerAwaited,

    /// <summary>The decision is not approve, reject or return, or the instance refused it.</summary>
    DecisionRefused,

    /// <summary>The person the task would go to is unknown or outside the instance's organisation line.</summary>
    DelegateOutsideOrganisation,
}
