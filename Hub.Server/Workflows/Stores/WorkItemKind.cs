namespace Hub.Server.Workflows.Stores;

/// <summary>What a row of <c>hub.workflow_work_items</c> asks a node to do when it is due.</summary>
internal enum WorkItemKind
{
    /// <summary>Resume a timer or retry bookmark (target: the bookmark id).</summary>
    Resume,

    /// <summary>Deliver a signal that arrived before its bookmark (target: the buffered signal's id).</summary>
    Signal,

    /// <summary>Hand an outbox message to its effect handler (target: the idempotency key); held under a lease.</summary>
    Deliver,

    /// <summary>Escalate an overdue task (target: the task id).</summary>
    TaskDue,

    /// <summary>Remind the people an open task waits for (target: the task id).</summary>
    TaskReminder,
}
