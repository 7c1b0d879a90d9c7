namespace Hub.Server.Workflows.Stores;

/// <summary>Statements over <c>hub.workflow_outbox</c> and its deliveries in <c>hub.workflow_work_items</c>.</summary>
internal static class OutboxStore
{
    /// <summary>Delivers the failed messages of <paramref name="nodeId"/> again from the first attempt (an operator
    /// retried their Delivery incident).</summary>
    public static void QueueRedelivery(WorkflowTransaction tx, Guid instanceId, string nodeId, DateTimeOffset now)
    {
        tx.Write("""
            WITH again AS (UPDATE hub.workflow_outbox SET status = 'Pending', attempts = 0 WHERE instance_id = $1 AND node_id = $2 AND status = 'Failed'
                           RETURNING idempotency_key)
            INSERT INTO hub.workflow_work_items (instance_id, kind, target, due_at, attempts, created_at)
            SELECT $1, 'Deliver', again.idempotency_key, $3, 0, $3 FROM again ON CONFLICT (kind, target) DO NOTHING
            """, [instanceId, nodeId, now]);
        tx.WakeWorkers(now);
    }
}
