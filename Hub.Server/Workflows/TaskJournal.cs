namespace Hub.Server.Workflows;

/// <summary>Journal rows for acts on human tasks (created, claimed, delegated, decided, escalated): who and when,
/// beside the engine's own node entries.</summary>
internal static class TaskJournal
{
    public static void Queue(WorkflowTransaction tx, Guid instanceId, string nodeId, string act, string? actor, DateTimeOffset at, string message) =>
        tx.Write("""
            INSERT INTO hub.workflow_journal (instance_id, node_id, activity_type, event, iteration, attempt, outcomes, actor,
                message, started_at, finished_at)
            VALUES ($1, $2, 'Approval', $3, 0, 0, '{}', $4, $5, $6, $6)
            """, [instanceId, nodeId, act, actor, message, at]);
}
