namespace Hub.Workflows.Incidents;

/// <summary>Where an incident is: open until an operator retries, skips or cancels it (or its instance is cancelled).</summary>
public enum IncidentStatus
{
    /// <summary>Waiting for an operator.</summary>
    Open,

    /// <summary>The node ran again, or the message is being delivered again.</summary>
    Retried,

    /// <summary>The node completed with an operator-chosen outcome, or the delivery resumed its node as failed.</summary>
    Skipped,

    /// <summary>The instance was cancelled.</summary>
    Cancelled,
}
