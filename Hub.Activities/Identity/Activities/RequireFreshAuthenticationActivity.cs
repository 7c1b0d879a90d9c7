using System.Text.Json;
using Hub.Workflows.Activities;
using Hub.Workflows.Runtime;

namespace Hub.Activities.Identity.Activities;

/// <summary>
/// Unlocks a personal signing key for one document: asks the host (outbox kind <c>identity.fresh-authentication</c>)
/// to send the person an SMS code or a UKey challenge bound to the document's SHA-256, and suspends until the host
/// signals <c>identity.authenticated</c> with this node's correlation key once the person answered (or the challenge
/// locked or expired). The output's authenticationId is what the signing step consumes, once.
/// </summary>
[Activity("RequireFreshAuthentication", "Identity", "Require fresh authentication", "Suspends until the signer enters the SMS code or signs the UKey challenge for this document.")]
[Outcomes("Authenticated", "Failed")]
[Output("verification", "object", "status and authenticationId as the host reported them")]
internal sealed class RequireFreshAuthenticationActivity : Activity
{
    /// <summary>The outbox kind this activity emits, performed by <see cref="IdentityEffects"/>.</summary>
    public const string EffectKind = "identity.fresh-authentication";

    /// <summary>The signal the host sends when the person has answered.</summary>
    public const string Signal = "identity.authenticated";

    [Input(Description = "The signer's person id.", UiHint = UiHints.Expression, Required = true, Order = 0)]
    public string PersonId { get; set; } = "";

    [Input(Description = "SHA-256 (hex) of the document about to be signed.", UiHint = UiHints.Expression, Required = true, Order = 1)]
    public string DocumentSha256 { get; set; } = "";

    [Input(Description = "SmsCode or UKey.", UiHint = UiHints.Dropdown, DefaultJson = "\"SmsCode\"", LiteralOnly = true, Order = 2)]
    public string Method { get; set; } = "SmsCode";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var personId = IdentityResume.RequireGuid(PersonId, "personId", context);
        if (DocumentSha256.Length != 64 || !DocumentSha256.All(char.IsAsciiHexDigit))
        {
            throw new ActivityFaultException($"'{context.NodeId}': input 'documentSha256' must be 64 hex digits", false, "invalid-input");
        }

        if (Method is not ("SmsCode" or "UKey"))
        {
            throw new ActivityFaultException($"'{context.NodeId}': method '{Method}' is not SmsCode or UKey", false, "invalid-input");
        }

        // The correlation key names this activation, so a late answer to an earlier loop iteration cannot resume this one.
        var correlationKey = context.IdempotencyKey;
        context.EmitOutbound(EffectKind, JsonSerializer.SerializeToElement(new
        {
            personId, documentSha256 = DocumentSha256.ToLowerInvariant(), method = Method, signal = Signal, correlationKey,
        }));
        return ValueTask.FromResult(ActivityResult.Suspend(new BookmarkRequest(BookmarkKind.Signal, SignalName: Signal, CorrelationKey: correlationKey)));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ActivityResult.Complete(IdentityResume.Status(context) == "Verified" ? "Authenticated" : "Failed"));
}
