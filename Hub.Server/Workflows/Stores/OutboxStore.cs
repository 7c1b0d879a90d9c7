using System.Text.Json;
using Hub.Workflows.Activities;
using Hub.Workflows.Effects;
using Hub.Workflows.Incidents;
using Npgsql;

namespace Hub.Server.Workflows.Stores;

/// <summary>
/// Every statement over <c>hub.workflow_outbox</c> and its <c>Deliver</c> work items: a burst's messages queued with
/// their deliveries, a delivery claimed under a lease, read with its owner, and settled (retried later, delivered, or
/// failed into a Delivery incident). The relay decides; this store only writes what it decided.
/// </summary>
internal static class OutboxStore
{
    /// <summary>A delivery this node holds the lease of.</summary>
    public sealed record ClaimedDelivery(long WorkItemId, Guid InstanceId, string IdempotencyKey, int Attempts);

    private enum MessageStatus
    {
        Pending,
        Delivered,
        Failed,
    }

    private static readonly string DeliverKind = StoredText.Of(WorkItemKind.Deliver);

    /// <summary>Queues <paramref name="messages"/> and one delivery each. A replayed burst emits the same key: the first
    /// row stands and no second delivery is queued.</summary>
    public static void Queue(WorkflowTransaction tx, Guid instanceId, IReadOnlyList<OutboundMessage> messages, DateTimeOffset now)
    {
        foreach (var message in messages)
        {
            tx.Write("""
                WITH stored AS (
                    INSERT INTO hub.workflow_outbox (idempotency_key, instance_id, node_id, kind, payload, status, attempts, created_at)
                    VALUES ($1, $2, $3, $4, $5, $7, 0, $6) ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key)
                INSERT INTO hub.workflow_work_items (instance_id, kind, target, due_at, attempts, created_at)
                SELECT $2, $8, stored.idempotency_key, $6, 0, $6 FROM stored
                """, [message.IdempotencyKey, instanceId, message.NodeId, message.Kind,
                new WorkflowTransaction.Json(message.Payload.GetRawText()), now, StoredText.Of(MessageStatus.Pending), DeliverKind]);
            tx.WakeWorkers(now);
        }
    }

    /// <summary>Takes the earliest due delivery whose lease is free, for <paramref name="node"/> until
    /// <paramref name="leaseUntil"/>, and commits the claim; null when none is due.</summary>
    public static async Task<ClaimedDelivery?> ClaimAsync(WorkflowTransaction tx, DateTimeOffset now, string node, DateTimeOffset leaseUntil,
        CancellationToken cancellationToken)
    {
        ClaimedDelivery? claimed = null;
        await using (var command = tx.Command("""
            UPDATE hub.workflow_work_items SET lease_owner = $2, lease_expires_at = $3, attempts = attempts + 1
            WHERE id = (SELECT id FROM hub.workflow_work_items
                        WHERE kind = $4 AND due_at <= $1 AND (lease_expires_at IS NULL OR lease_expires_at < $1)
                        ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id, instance_id, target, attempts
            """, now, node, leaseUntil, DeliverKind))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                claimed = new ClaimedDelivery(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetInt32(3));
            }
        }

        if (claimed is not null)
        {
            await tx.CommitAsync(cancellationToken);
        }

        return claimed;
    }

    /// <summary>The message of <paramref name="claimed"/> as its handler receives it, with the instance's owner read in
    /// the same statement; null when the instance was deleted since the claim.</summary>
    public static async Task<Effect?> ReadAsync(WorkflowTransaction tx, ClaimedDelivery claimed, CancellationToken cancellationToken)
    {
        await using var read = tx.Command("""
            SELECT m.kind, m.payload::text, m.node_id, o.id, o.path FROM hub.workflow_outbox m
            JOIN hub.workflow_instances i ON i.id = m.instance_id JOIN hub.organisations o ON o.id = i.organisation_id
            WHERE m.idempotency_key = $1
            """, claimed.IdempotencyKey);
        await using var row = await read.ExecuteReaderAsync(cancellationToken);
        if (!await row.ReadAsync(cancellationToken))
        {
            return null;
        }

        using var payload = JsonDocument.Parse(row.GetString(1));
        return new Effect(row.GetString(0), payload.RootElement.Clone(), claimed.IdempotencyKey, claimed.InstanceId, row.GetString(2),
            new EffectOwner(row.GetGuid(3), row.GetString(4)), claimed.Attempts);
    }

    /// <summary>Locks the delivery's work item if this node still holds its lease; false when another node took it over.</summary>
    public static async Task<bool> HoldAsync(WorkflowTransaction tx, ClaimedDelivery claimed, string node, CancellationToken cancellationToken)
    {
        await using var held = tx.Command("SELECT 1 FROM hub.workflow_work_items WHERE id = $1 AND lease_owner = $2 FOR UPDATE", claimed.WorkItemId, node);
        return await held.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>Frees the lease and makes the delivery due again at <paramref name="due"/>, recording the error.</summary>
    public static void QueueRetry(WorkflowTransaction tx, ClaimedDelivery claimed, DateTimeOffset due, string error)
    {
        tx.Write("UPDATE hub.workflow_work_items SET due_at = $2, lease_owner = NULL, lease_expires_at = NULL WHERE id = $1", [claimed.WorkItemId, due]);
        tx.WakeWorkers(due);
        tx.Write("UPDATE hub.workflow_outbox SET attempts = $2, last_error = $3 WHERE idempotency_key = $1", [claimed.IdempotencyKey, claimed.Attempts, error]);
    }

    /// <summary>Ends the delivery as failed and opens a Delivery incident on the node that waits for it.</summary>
    public static void QueueFailure(WorkflowTransaction tx, ClaimedDelivery claimed, string error, DateTimeOffset now)
    {
        tx.Write("DELETE FROM hub.workflow_work_items WHERE id = $1", [claimed.WorkItemId]);
        tx.Write("UPDATE hub.workflow_outbox SET status = $4, attempts = $2, last_error = $3 WHERE idempotency_key = $1",
            [claimed.IdempotencyKey, claimed.Attempts, error, StoredText.Of(MessageStatus.Failed)]);
        tx.Write("""
            INSERT INTO hub.workflow_incidents (id, instance_id, kind, node_id, error_type, message, attempt, status, created_at)
            SELECT $1, instance_id, $6, node_id, 'delivery', $3, $4, $7, $5 FROM hub.workflow_outbox WHERE idempotency_key = $2
            """, [Guid.NewGuid(), claimed.IdempotencyKey, $"delivery of {claimed.IdempotencyKey} failed {claimed.Attempts} times: {error}",
            claimed.Attempts, now, StoredText.Of(IncidentKind.Delivery), StoredText.Of(IncidentStatus.Open)]);
    }

    /// <summary>Ends the delivery as done.</summary>
    public static void QueueDelivered(WorkflowTransaction tx, ClaimedDelivery claimed, DateTimeOffset now)
    {
        tx.Write("DELETE FROM hub.workflow_work_items WHERE id = $1", [claimed.WorkItemId]);
        tx.Write("UPDATE hub.workflow_outbox SET status = $4, attempts = $2, delivered_at = $3 WHERE idempotency_key = $1",
            [claimed.IdempotencyKey, claimed.Attempts, now, StoredText.Of(MessageStatus.Delivered)]);
    }

    /// <summary>Delivers the failed messages of <paramref name="nodeId"/> again from the first attempt (an operator
    /// retried their Delivery incident).</summary>
    public static void QueueRedelivery(WorkflowTransaction tx, Guid instanceId, string nodeId, DateTimeOffset now)
    {
        tx.Write("""
            WITH again AS (UPDATE hub.workflow_outbox SET status = $4, attempts = 0 WHERE instance_id = $1 AND node_id = $2 AND status = $5
                           RETURNING idempotency_key)
            INSERT INTO hub.workflow_work_items (instance_id, kind, target, due_at, attempts, created_at)
            SELECT $1, $6, again.idempotency_key, $3, 0, $3 FROM again ON CONFLICT (kind, target) DO NOTHING
            """, [instanceId, nodeId, now, StoredText.Of(MessageStatus.Pending), StoredText.Of(MessageStatus.Failed), DeliverKind]);
        tx.WakeWorkers(now);
    }
}
