using System.Text.Json;
using Hub.Workflows.Activities;
using Hub.Workflows.Runtime;

namespace Hub.Activities.Identity.Activities;

/// <summary>Verifies an enterprise (business register, then the legal representative's authorisation of the
/// administrator) through the outbox (kind <c>identity.verify-enterprise</c>). The authorisation is a person's act that
/// may take minutes, so the node waits for the host's signal <c>identity.enterprise-verified</c> with this node's
/// correlation key, sent once the enterprise is verified, refused, or the attempt failed.</summary>
[Activity("VerifyEnterprise", "Identity", "Verify enterprise", "Checks an enterprise against the business register and waits for its legal representative's authorisation.")]
[Outcomes("Verified", "Refused", "Failed")]
[Output("verification", "object", "status and verification ids as the host reported them")]
internal sealed class VerifyEnterpriseActivity : Activity
{
    /// <summary>The outbox kind this activity emits, performed by <see cref="IdentityEffects"/>.</summary>
    public const string EffectKind = "identity.verify-enterprise";

    /// <summary>The signal the host sends when the enterprise's verification concluded.</summary>
    public const string Signal = "identity.enterprise-verified";

    [Input(Description = "The enterprise's id in the identity store.", UiHint = UiHints.Expression, Required = true, Order = 0)]
    public string EnterpriseId { get; set; } = "";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var enterpriseId = IdentityResume.RequireGuid(EnterpriseId, "enterpriseId", context);
        // As for a fresh authentication: the correlation key names this activation, not the enterprise.
        var correlationKey = context.IdempotencyKey;
        context.EmitOutbound(EffectKind, JsonSerializer.SerializeToElement(new { enterpriseId, signal = Signal, correlationKey }));
        return ValueTask.FromResult(ActivityResult.Suspend(new BookmarkRequest(BookmarkKind.Signal, SignalName: Signal, CorrelationKey: correlationKey)));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ActivityResult.Complete(IdentityResume.Status(context) switch
        {
            "Verified" => "Verified",
            "Refused" => "Refused",
            _ => "Failed",
        }));
}
