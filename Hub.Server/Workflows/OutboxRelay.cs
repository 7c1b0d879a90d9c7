using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Server.Documents;
using Hub.Workflows.Effects;
using Hub.Workflows.Runtime;
using Microsoft.Extensions.Logging;

namespace Hub.Server.Workflows;

/// <summary>
/// Performs outbox messages (CallHttp) with the message's idempotency key in an <c>Idempotency-Key</c> header, then
/// resumes the waiting node with the response. A delivery is held under a lease, not a lock, because the call
/// leaves the database: when a node dies mid-call the lease expires and another node repeats the call with the same
/// key, which the receiver uses to do the effect once. Transient failures (no answer, 408, 429, 5xx) are retried
/// with exponential backoff and jitter; exhaustion becomes a Delivery incident.
/// </summary>
internal sealed class OutboxRelay(WorkflowEngine engine, IHttpClientFactory httpClients, WorkflowHostOptions options, TimeProvider time,
    ILogger<OutboxRelay> logger, DocumentDispatch documents, IEnumerable<IEffectHandler> effects)
{
    public const string HttpClientName = "hub-outbox";

    private sealed record Claimed(long Id, Guid InstanceId, string Key, int Attempts);

    /// <summary>Delivers one due message; false when none was due.</summary>
    public async Task<bool> DeliverOneAsync(CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(cancellationToken);
        if (claimed is null)
        {
            return false;
        }

        string payload, kind, nodeId;
        await using (var tx = await engine.BeginAsync(cancellationToken))
        await using (var read = tx.Command("SELECT payload::text, kind, node_id FROM hub.workflow_outbox WHERE idempotency_key = $1", claimed.Key))
        await using (var row = await read.ExecuteReaderAsync(cancellationToken))
        {
            await row.ReadAsync(cancellationToken);
            (payload, kind, nodeId) = (row.GetString(0), row.GetString(1), row.GetString(2));
        }

        // Document work (documents.*) is done on this node; it answers like a call, so the rules below apply to both.
        // A registered effect handler (identity.*) likewise runs here, for the instance's owner.
        var (response, transientError) = DocumentDispatch.Handles(kind)
            ? await documents.CompleteAsync(claimed.Key, kind, payload, cancellationToken)
            : effects.FirstOrDefault(h => h.Kinds.Contains(kind)) is { } handler
                ? await PerformAsync(handler, claimed, kind, payload, nodeId, cancellationToken)
                : await CallAsync(claimed.Key, JsonNode.Parse(payload)!.AsObject(), cancellationToken);
        await CompleteAsync(claimed, response, transientError, cancellationToken);
        return true;
    }

    // Interim until the relay dispatches through EffectHandlers: reads the owner once, then hands the effect over.
    private async Task<(JsonElement Response, string? TransientError)> PerformAsync(IEffectHandler handler, Claimed claimed, string kind, string payload, string nodeId,
        CancellationToken cancellationToken)
    {
        EffectOwner? owner = null;
        await using (var tx = await engine.BeginAsync(cancellationToken))
        await using (var read = tx.Command("""
            SELECT o.id, o.path FROM hub.workflow_instances i JOIN hub.organisations o ON o.id = i.organisation_id WHERE i.id = $1
            """, claimed.InstanceId))
        await using (var row = await read.ExecuteReaderAsync(cancellationToken))
        {
            owner = await row.ReadAsync(cancellationToken) ? new EffectOwner(row.GetGuid(0), row.GetString(1)) : null;
        }

        if (owner is null)
        {
            return (JsonSerializer.SerializeToElement(new { status = "Failed", reason = "The instance no longer exists." }), null);
        }

        var effect = new Effect(kind, JsonSerializer.Deserialize<JsonElement>(payload), claimed.Key, claimed.InstanceId, nodeId, owner, claimed.Attempts);
        var result = await handler.HandleAsync(effect, cancellationToken);
        return (result.Response, result.TransientError);
    }

    private async Task<Claimed?> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var tx = await engine.BeginAsync(cancellationToken);
        await using var command = tx.Command("""
            UPDATE hub.workflow_work_items SET lease_owner = $2, lease_expires_at = $3, attempts = attempts + 1
            WHERE id = (SELECT id FROM hub.workflow_work_items
                        WHERE kind = 'Deliver' AND due_at <= $1 AND (lease_expires_at IS NULL OR lease_expires_at < $1)
                        ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id, instance_id, target, attempts
            """, now, options.NodeName, now + options.DeliveryLease);
        Claimed? claimed = null;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                claimed = new Claimed(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetInt32(3));
            }
        }

        if (claimed is not null)
        {
            await tx.CommitAsync(cancellationToken);
        }

        return claimed;
    }

    private async Task<(JsonElement Response, string? TransientError)> CallAsync(string key, JsonObject message, CancellationToken cancellationToken)
    {
        var method = new HttpMethod(message["method"]?.GetValue<string>() ?? "POST");
        using var request = new HttpRequestMessage(method, message["url"]!.GetValue<string>());
        request.Headers.Add("Idempotency-Key", key);
        if (message["headers"] is JsonObject headers)
        {
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value?.ToString());
            }
        }

        if (message["body"] is { } body)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.DeliveryTimeout);
            using var http = httpClients.CreateClient(HttpClientName);
            using var response = await http.SendAsync(request, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            var status = (int)response.StatusCode;
            var transient = status is 408 or 429 or >= 500;
            JsonNode? parsed;
            try
            {
                parsed = text.Length == 0 ? null : JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                parsed = JsonValue.Create(text);
            }

            var result = JsonSerializer.SerializeToElement(new JsonObject
            {
                ["succeeded"] = response.IsSuccessStatusCode, ["status"] = status, ["body"] = parsed,
            });
            return (result, transient ? $"HTTP {status}" : null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var result = JsonSerializer.SerializeToElement(new { succeeded = false, status = 0, body = e.Message });
            return (result, e.Message);
        }
    }

    private async Task CompleteAsync(Claimed claimed, JsonElement response, string? transientError, CancellationToken cancellationToken)
    {
        await using var tx = await engine.BeginAsync(cancellationToken);
        // The instance first, then its work item: the order a cancel (and every burst) takes them in. Taking the work
        // item first would deadlock against a cancel of the same instance that deletes it.
        var instance = await InstanceRecord.LockAsync(tx, claimed.InstanceId, cancellationToken);
        await using (var held = tx.Command("SELECT 1 FROM hub.workflow_work_items WHERE id = $1 AND lease_owner = $2 FOR UPDATE", claimed.Id, options.NodeName))
        {
            if (await held.ExecuteScalarAsync(cancellationToken) is null)
            {
                Log.DeliveryLeaseLost(logger, claimed.Key);
                return;
            }
        }

        var now = time.GetUtcNow();
        if (transientError is not null && claimed.Attempts < options.MaxDeliveryAttempts)
        {
            var backoff = options.DeliveryBackoff * Math.Pow(2, claimed.Attempts - 1);
            var due = now + backoff * (1 + RandomNumberGenerator.GetInt32(0, 250) / 1000.0);
            tx.Write("UPDATE hub.workflow_work_items SET due_at = $2, lease_owner = NULL, lease_expires_at = NULL WHERE id = $1", [claimed.Id, due]);
            tx.WakeWorkers(due);
            tx.Write("UPDATE hub.workflow_outbox SET attempts = $2, last_error = $3 WHERE idempotency_key = $1", [claimed.Key, claimed.Attempts, transientError]);
            await tx.CommitAsync(cancellationToken);
            Log.DeliveryRetrying(logger, claimed.Key, claimed.Attempts, transientError);
            return;
        }

        tx.Write("DELETE FROM hub.workflow_work_items WHERE id = $1", [claimed.Id]);
        if (transientError is not null)
        {
            tx.Write("UPDATE hub.workflow_outbox SET status = 'Failed', attempts = $2, last_error = $3 WHERE idempotency_key = $1",
                [claimed.Key, claimed.Attempts, transientError]);
            tx.Write("""
                INSERT INTO hub.workflow_incidents (id, instance_id, kind, node_id, error_type, message, attempt, status, created_at)
                SELECT $1, instance_id, 'Delivery', node_id, 'delivery', $3, $4, 'Open', $5 FROM hub.workflow_outbox WHERE idempotency_key = $2
                """, [Guid.NewGuid(), claimed.Key, $"delivery of {claimed.Key} failed {claimed.Attempts} times: {transientError}", claimed.Attempts, now]);
            await tx.CommitAsync(cancellationToken);
            return;
        }

        tx.Write("UPDATE hub.workflow_outbox SET status = 'Delivered', attempts = $2, delivered_at = $3 WHERE idempotency_key = $1",
            [claimed.Key, claimed.Attempts, now]);
        await ResumeAsync(tx, instance, claimed.Key, response, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        engine.Counters.Delivered();
    }

    /// <summary>Resumes the node waiting for <paramref name="key"/> with <paramref name="response"/>, if it still waits.</summary>
    private async Task ResumeAsync(WorkflowTransaction tx, InstanceRecord? instance, string key, JsonElement response, CancellationToken cancellationToken)
    {
        var bookmark = instance?.State.Bookmarks.FirstOrDefault(b => b.Kind == BookmarkKind.OutboundCompletion && b.IdempotencyKey == key);
        if (instance is not null && bookmark is not null)
        {
            await engine.Committer.ApplyAsync(tx, instance, new ResumeStimulus(bookmark.Id, response, "outbox"), cancellationToken);
        }
    }
}
