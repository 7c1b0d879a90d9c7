namespace Hub.Workflows.Runtime;

/// <summary>What resumes a bookmark; each kind has its own indexed key.</summary>
public enum BookmarkKind
{
    /// <summary>A timer, keyed by due time.</summary>
    Timer,

    /// <summary>A signal, keyed by name and correlation key.</summary>
    Signal,

    /// <summary>Human task decisions, keyed by task request ids.</summary>
    HumanTask,

    /// <summary>The completion of an outbound message, keyed by its idempotency key.</summary>
    OutboundCompletion,

    /// <summary>A retry of a transiently faulted node, keyed by due time.</summary>
    Retry,
}
