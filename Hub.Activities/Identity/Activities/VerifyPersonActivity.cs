using System.Text.Json;
using Hub.Workflows.Activities;
using Hub.Workflows.Runtime;

namespace Hub.Activities.Identity.Activities;

/// <summary>Verifies a person's real name through the configured provider and waits for the verdict. The engine never
/// calls out: the request goes through the outbox (kind <c>identity.verify-person</c>) and the host resumes the node.
/// A provider timeout comes back as Failed, never as Verified.</summary>
[Activity("VerifyPerson", "Identity", "Verify person", "Checks a person's real name (three elements, network identity or face) and continues by the verdict.")]
[Outcomes("Verified", "Refused", "Failed")]
[Output("verification", "object", "status, verificationId and level as the host reported them (no personal data)")]
internal sealed class VerifyPersonActivity : Activity
{
    /// <summary>The outbox kind this activity emits, performed by <see cref="IdentityEffects"/>.</summary>
    public const string EffectKind = "identity.verify-person";

    [Input(Description = "The person's id in the identity store.", UiHint = UiHints.Expression, Required = true, Order = 0)]
    public string PersonId { get; set; } = "";

    [Input(Description = "ThreeElement, NetworkIdentity or Face.", UiHint = UiHints.Dropdown, DefaultJson = "\"ThreeElement\"", LiteralOnly = true, Order = 1)]
    public string Method { get; set; } = "ThreeElement";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var personId = IdentityResume.RequireGuid(PersonId, "personId", context);
        if (Method is not ("ThreeElement" or "NetworkIdentity" or "Face"))
        {
            throw new ActivityFaultException($"'{context.NodeId}': method '{Method}' is not ThreeElement, NetworkIdentity or Face", false, "invalid-input");
        }

        var message = context.EmitOutbound(EffectKind, JsonSerializer.SerializeToElement(new { personId, method = Method }));
        return ValueTask.FromResult(ActivityResult.Suspend(new BookmarkRequest(BookmarkKind.OutboundCompletion, IdempotencyKey: message.IdempotencyKey)));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ActivityResult.Complete(IdentityResume.Status(context) switch
        {
            "Verified" => "Verified",
            "Refused" => "Refused",
            _ => "Failed",
        }));
}
