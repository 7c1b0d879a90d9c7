using Hub.Workflows.Runtime;
using Npgsql;

namespace Hub.Server.Workflows.Stores;

/// <summary>
/// The instance aggregate's rows: <c>hub.workflow_instances</c> under its row version, its bookmarks and its
/// journal. Writes are queued on the burst's <see cref="WorkflowTransaction"/> (one batch, one commit); the
/// statements a burst repeats are the same text every time, so each connection prepares them once.
/// </summary>
internal static partial class InstanceStore
{
    /// <summary>The columns <see cref="Read"/> expects, from <c>hub.workflow_instances i</c> joined to <c>hub.organisations o</c>.</summary>
    public const string Columns = "i.id, i.definition_row_id, i.definition_hash, i.organisation_id, o.path, i.applicant_id, " +
                                  "i.correlation_key, i.status, i.state::text, i.version";

    /// <summary>Locks and reads an instance; null when there is none.</summary>
    /// <remarks>With <paramref name="skipLocked"/>, an instance another transaction holds reads as null: a worker
    /// then leaves its work item for the next poll instead of waiting in a lock order a request could invert.</remarks>
    public static async Task<InstanceRecord?> LockAsync(WorkflowTransaction tx, Guid id, CancellationToken cancellationToken, bool skipLocked = false)
    {
        await using var command = await tx.PreparedAsync(
            $"SELECT {Columns} FROM hub.workflow_instances i JOIN hub.organisations o ON o.id = i.organisation_id WHERE i.id = $1 FOR UPDATE OF i" +
            (skipLocked ? " SKIP LOCKED" : ""), cancellationToken, id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>The record at the reader's current row, selected with <see cref="Columns"/>.</summary>
    public static InstanceRecord Read(NpgsqlDataReader reader) =>
        new(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetGuid(3), reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetGuid(5), reader.IsDBNull(6) ? null : reader.GetString(6),
            StoredText.Parse<WorkflowStatus>(reader.GetString(7)), InstanceState.FromJson(reader.GetString(8)), reader.GetInt32(9));

    /// <summary>The instance an organisation started with <paramref name="correlationKey"/>, if any.</summary>
    public static async Task<(Guid Id, WorkflowStatus Status)?> FindByCorrelationAsync(WorkflowTransaction tx, Guid organisationId,
        string correlationKey, CancellationToken cancellationToken)
    {
        await using var command = await tx.PreparedAsync(
            "SELECT id, status FROM hub.workflow_instances WHERE organisation_id = $1 AND correlation_key = $2", cancellationToken, organisationId, correlationKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetGuid(0), StoredText.Parse<WorkflowStatus>(reader.GetString(1))) : null;
    }

    /// <summary>Queues the row of a new instance (row version 1) with the state its first burst left.</summary>
    public static void QueueInsert(WorkflowTransaction tx, InstanceRecord instance, WorkflowStatus status, InstanceState state, DateTimeOffset at) =>
        tx.Write("""
            INSERT INTO hub.workflow_instances (id, definition_row_id, definition_hash, organisation_id, applicant_id,
                correlation_key, status, state, version, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9)
            """, [instance.Id, instance.DefinitionRowId, instance.DefinitionHash, instance.OrganisationId, instance.ApplicantId,
            instance.CorrelationKey, StoredText.Of(status), new WorkflowTransaction.Json(state.ToJson()), at]);

    /// <summary>Queues the new state under the row version read; the commit fails if another burst changed it.</summary>
    public static void QueueUpdate(WorkflowTransaction tx, InstanceRecord instance, WorkflowStatus status, InstanceState state, DateTimeOffset at) =>
        tx.Write("UPDATE hub.workflow_instances SET state = $2, status = $3, version = version + 1, updated_at = $4 WHERE id = $1 AND version = $5",
            [instance.Id, new WorkflowTransaction.Json(state.ToJson()), StoredText.Of(status), at, instance.Version], Changed(instance));

    /// <summary>Queues the instance's end as Cancelled (state kept as the last burst left it) and drops its bookmarks.</summary>
    public static void QueueCancelled(WorkflowTransaction tx, InstanceRecord instance, DateTimeOffset at)
    {
        tx.Write("UPDATE hub.workflow_instances SET status = $4, version = version + 1, updated_at = $2 WHERE id = $1 AND version = $3",
            [instance.Id, at, instance.Version, StoredText.Of(WorkflowStatus.Cancelled)], Changed(instance));
        tx.Write("DELETE FROM hub.workflow_bookmarks WHERE instance_id = $1", [instance.Id]);
    }

    /// <summary>Queues the bookmarks a burst cleared (deleted) and created (inserted in one statement).</summary>
    public static void QueueBookmarks(WorkflowTransaction tx, Guid instanceId, IReadOnlyList<Bookmark> cleared, IReadOnlyList<Bookmark> created)
    {
        if (cleared.Count > 0)
        {
            tx.Write("DELETE FROM hub.workflow_bookmarks WHERE id = ANY($1)", [cleared.Select(b => b.Id).ToArray()]);
        }

        if (created.Count > 0)
        {
            tx.Write("""
                INSERT INTO hub.workflow_bookmarks (id, instance_id, node_id, kind, due_at, signal_name, correlation_key, idempotency_key)
                SELECT b.id, $1, b.node, b.kind, b.due, b.signal, b.corr, b.idem
                FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[])
                     AS b(id, node, kind, due, signal, corr, idem)
                """, [instanceId, created.Select(b => b.Id).ToArray(), created.Select(b => b.NodeId).ToArray(),
                created.Select(b => StoredText.Of(b.Kind)).ToArray(), created.Select(b => b.DueAt).ToArray(),
                created.Select(b => b.SignalName).ToArray(), created.Select(b => b.CorrelationKey).ToArray(),
                created.Select(b => b.IdempotencyKey).ToArray()]);
        }
    }

    /// <summary>Queues a burst's journal entries in one statement.</summary>
    public static void QueueJournal(WorkflowTransaction tx, Guid instanceId, IReadOnlyList<JournalEntry> journal)
    {
        if (journal.Count == 0)
        {
            return;
        }

        tx.Write("""
            INSERT INTO hub.workflow_journal (instance_id, node_id, activity_type, event, iteration, attempt, outcomes, actor,
                inputs, message, started_at, finished_at)
            SELECT $1, j.node, j.type, j.event, j.iteration, j.attempt, string_to_array(j.outcomes, chr(31)), j.actor,
                   j.inputs::jsonb, j.message, j.started, j.finished
            FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::text[], $8::text[], $9::text[],
                        $10::text[], $11::timestamptz[], $12::timestamptz[])
                 AS j(node, type, event, iteration, attempt, outcomes, actor, inputs, message, started, finished)
            """, [instanceId, journal.Select(j => j.NodeId).ToArray(), journal.Select(j => j.ActivityType).ToArray(),
            journal.Select(j => StoredText.Of(j.Event)).ToArray(), journal.Select(j => j.Iteration).ToArray(),
            journal.Select(j => j.Attempt).ToArray(), journal.Select(j => string.Join('\u001f', j.Outcomes)).ToArray(),
            journal.Select(j => j.Actor).ToArray(), journal.Select(j => j.Inputs?.GetRawText()).ToArray(),
            journal.Select(j => j.Message).ToArray(), journal.Select(j => j.StartedAt).ToArray(), journal.Select(j => j.FinishedAt).ToArray()]);
    }

    /// <summary>Queues a journal row for an act beside the engine's node executions: on the whole instance (its
    /// cancellation; no node) or on one of its nodes (a task claimed, decided, escalated …; with the node and its type).</summary>
    public static void QueueInstanceAct(WorkflowTransaction tx, Guid instanceId, string act, string? actor, string message, DateTimeOffset at,
        string? nodeId = null, string? activityType = null) =>
        tx.Write("""
            INSERT INTO hub.workflow_journal (instance_id, node_id, activity_type, event, iteration, attempt, outcomes, actor,
                message, started_at, finished_at)
            VALUES ($1, $2, $3, $4, 0, 0, '{}', $5, $6, $7, $7)
            """, [instanceId, nodeId, activityType, act, actor, message, at]);

    /// <summary>In id order, the instances under <paramref name="organisationPath"/> with a bookmark waiting for the signal.</summary>
    public static async Task<List<Guid>> WaitingForSignalAsync(WorkflowTransaction tx, string name, string correlationKey, string organisationPath,
        CancellationToken cancellationToken)
    {
        var waiting = new List<Guid>();
        await using var find = tx.Command("""
            SELECT DISTINCT b.instance_id FROM hub.workflow_bookmarks b
            JOIN hub.workflow_instances i ON i.id = b.instance_id JOIN hub.organisations o ON o.id = i.organisation_id
            WHERE b.kind = $4 AND b.signal_name = $1 AND b.correlation_key = $2 AND o.path LIKE $3 || '%'
            ORDER BY 1
            """, name, correlationKey, organisationPath, StoredText.Of(BookmarkKind.Signal));
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            waiting.Add(reader.GetGuid(0));
        }

        return waiting;
    }

    private static string Changed(InstanceRecord instance) => $"instance {instance.Id} changed since version {instance.Version} was read";
}
