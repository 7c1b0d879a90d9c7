using System.Text.Json;
using Hub.Activities.Identity;
using Hub.Activities.Identity.Verification;
using Hub.Server.Identity.Persistence;
using Hub.Workflows.Effects;
using Microsoft.EntityFrameworkCore;

namespace Hub.Server.Identity;

/// <summary>The identity use cases' waiting nodes on this host: <see cref="WorkflowWait"/> rows in the request's
/// identity context, signalled through <see cref="IdentitySignals"/> (the engine).</summary>
internal sealed class IdentityWaits(IdentityDbContext db, IdentitySignals signals, TimeProvider time) : IIdentityWaits
{
    public async Task<Guid?> VerificationWaitedForAsync(string idempotencyKey, CancellationToken cancellationToken) =>
        await db.WorkflowWaits.AsNoTracking().Where(w => w.IdempotencyKey == idempotencyKey).Select(w => (Guid?)w.VerificationId)
            .SingleOrDefaultAsync(cancellationToken);

    public async Task WaitAsync(IdentityVerification verification, string idempotencyKey, EffectOwner owner, string signal, string correlationKey,
        CancellationToken cancellationToken)
    {
        db.WorkflowWaits.Add(new WorkflowWait
        {
            VerificationId = verification.Id, IdempotencyKey = idempotencyKey, OrganisationId = owner.OrganisationId,
            SignalName = signal, CorrelationKey = correlationKey, CreatedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        // The person may have answered through another request between the verification's save and this one.
        await db.Entry(verification).ReloadAsync(cancellationToken);
        await signals.SignalConcludedAsync(db, verification, cancellationToken);
    }

    public Task SignalConcludedAsync(IdentityVerification verification, CancellationToken cancellationToken) =>
        signals.SignalConcludedAsync(db, verification, cancellationToken);

    public Task SendAsync(EffectOwner owner, string signal, string correlationKey, JsonElement payload, CancellationToken cancellationToken) =>
        signals.SendAsync(owner, signal, correlationKey, payload, cancellationToken);
}
