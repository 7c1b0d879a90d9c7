using System.Text.Json;
using Hub.Activities.Identity.Verification;
using Hub.Workflows.Effects;

namespace Hub.Activities.Identity;

/// <summary>
/// Workflow nodes waiting for a person's act (a fresh authentication, an enterprise's authorisation), as the host's
/// engine keeps them: the identity use cases record which node waits for which verification, and tell the node
/// through its signal when the verification concludes. Payloads carry status and ids only, never personal data.
/// </summary>
public interface IIdentityWaits
{
    /// <summary>The verification an earlier delivery of outbox message <paramref name="idempotencyKey"/> linked its
    /// node to, or null: a redelivery must not start a second challenge.</summary>
    Task<Guid?> VerificationWaitedForAsync(string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Links the node that emitted <paramref name="idempotencyKey"/> to <paramref name="verification"/>, to
    /// be told by <paramref name="signal"/> with <paramref name="correlationKey"/>; if the person answered already
    /// (between the two saves), signals now.</summary>
    Task WaitAsync(IdentityVerification verification, string idempotencyKey, EffectOwner owner, string signal, string correlationKey,
        CancellationToken cancellationToken);

    /// <summary>Signals the node waiting for <paramref name="verification"/>, if one waits and it has concluded.</summary>
    Task SignalConcludedAsync(IdentityVerification verification, CancellationToken cancellationToken);

    /// <summary>Sends <paramref name="signal"/> to the instances of <paramref name="owner"/>'s subtree waiting with
    /// <paramref name="correlationKey"/> (buffered, as the engine does, when none waits yet).</summary>
    Task SendAsync(EffectOwner owner, string signal, string correlationKey, JsonElement payload, CancellationToken cancellationToken);
}
