using System.Security.Cryptography;
using System.Text.Json;
using Hub.Server.Workflows.Stores;
using Hub.Workflows.Effects;
using Hub.Workflows.Runtime;
using Microsoft.Extensions.Logging;

namespace Hub.Server.Workflows;

/// <summary>
/// Hands due outbox messages to the effect handler registered for their kind, then resumes the waiting node with the
/// result. The relay knows no module: a new capability registers an <see cref="IEffectHandler"/>. A delivery is held
/// under a lease, not a lock, because the work leaves the database: when a node dies mid-call the lease expires and
/// another node repeats it with the same idempotency key. Transient results are retried with exponential backoff and
/// jitter; exhaustion becomes a Delivery incident.
/// </summary>
internal sealed class OutboxRelay(WorkflowEngine engine, EffectHandlers handlers, WorkflowHostOptions options, TimeProvider time,
    ILogger<OutboxRelay> logger)
{
    /// <summary>Delivers one due message; false when none was due.</summary>
    public async Task<bool> DeliverOneAsync(CancellationToken cancellationToken)
    {
        OutboxStore.ClaimedDelivery? claimed;
        await using (var tx = await engine.BeginAsync(cancellationToken))
        {
            var now = time.GetUtcNow();
            claimed = await OutboxStore.ClaimAsync(tx, now, options.NodeName, now + options.DeliveryLease, cancellationToken);
        }

        if (claimed is null)
        {
            return false;
        }

        Effect? effect;
        await using (var tx = await engine.BeginAsync(cancellationToken))
        {
            effect = await OutboxStore.ReadAsync(tx, claimed, cancellationToken);
        }

        var result = effect is null
            // The instance was deleted since the claim; there is nobody left to resume.
            ? EffectResult.Final(JsonSerializer.SerializeToElement(new { succeeded = false, error = "The instance no longer exists." }))
            : await PerformAsync(effect, cancellationToken);
        await CompleteAsync(claimed, result, cancellationToken);
        return true;
    }

    private async Task<EffectResult> PerformAsync(Effect effect, CancellationToken cancellationToken)
    {
        if (handlers.Find(effect.Kind) is not { } handler)
        {
            // Transient, not final: during a rolling upgrade a node that knows the kind may take it on the next attempt;
            // if none does, the incident names the kind.
            var error = $"no effect handler for kind '{effect.Kind}' on node {options.NodeName}";
            return EffectResult.Transient(JsonSerializer.SerializeToElement(new { succeeded = false, error }), error);
        }

        return await handler.HandleAsync(effect, cancellationToken);
    }

    private async Task CompleteAsync(OutboxStore.ClaimedDelivery claimed, EffectResult result, CancellationToken cancellationToken)
    {
        await using var tx = await engine.BeginAsync(cancellationToken);
        // The instance first, then its work item: the order a cancel (and every burst) takes them in. Taking the work
        // item first would deadlock against a cancel of the same instance that deletes it.
        var instance = await Stores.InstanceStore.LockAsync(tx, claimed.InstanceId, cancellationToken);
        if (!await OutboxStore.HoldAsync(tx, claimed, options.NodeName, cancellationToken))
        {
            Log.DeliveryLeaseLost(logger, claimed.IdempotencyKey);
            return;
        }

        var now = time.GetUtcNow();
        if (result.TransientError is { } error && claimed.Attempts < options.MaxDeliveryAttempts)
        {
            var backoff = options.DeliveryBackoff * Math.Pow(2, claimed.Attempts - 1);
            OutboxStore.QueueRetry(tx, claimed, now + backoff * (1 + RandomNumberGenerator.GetInt32(0, 250) / 1000.0), error);
            await tx.CommitAsync(cancellationToken);
            Log.DeliveryRetrying(logger, claimed.IdempotencyKey, claimed.Attempts, error);
            return;
        }

        if (result.TransientError is { } exhausted)
        {
            OutboxStore.QueueFailure(tx, claimed, exhausted, now);
            await tx.CommitAsync(cancellationToken);
            return;
        }

        OutboxStore.QueueDelivered(tx, claimed, now);
        var bookmark = instance?.State.Bookmarks.FirstOrDefault(b => b.Kind == BookmarkKind.OutboundCompletion && b.IdempotencyKey == claimed.IdempotencyKey);
        if (instance is not null && bookmark is not null)
        {
            await engine.Committer.ApplyAsync(tx, instance, new ResumeStimulus(bookmark.Id, result.Response, "outbox"), cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        engine.Counters.Delivered();
    }
}
