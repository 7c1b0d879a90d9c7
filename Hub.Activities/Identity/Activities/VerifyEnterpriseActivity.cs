using System.Text.Json;
using Hub.Workflows.Activities;
using Hub.Workflows.Runtime;

namespace Hub.Activities.Identity.Activities;

/// <summary>Verifies an enterprise (business register, then the legal representative's authorisation of the
/// administrator) through the outbox (kind <c>identity.verify-enterprise</c>); the host resumes the node once the
/// enterprise is verified, refused, or the attempt failed.</summary>
[Activity("VerifyEnterprise", "Identity", "Verify enterprise", "Checks an enterprise against the business register and waits for its legal representative's authorisation.")]
[Outcomes("Verified", "Refused", "Failed")]
[Output("verification", "object", "status and verification ids as the host reported them")]
internal sealed class VerifyEnterpriseActivity : Activity
{
    [Input(Description = "The enterprise's id in the identity store.", UiHint = UiHints.Expression, Required = true, Order = 0)]
    public string EnterpriseId { get; set; } = "";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var enterpriseId = IdentityResume.RequireGuid(EnterpriseId, "enterpriseId", context);
        var message = context.EmitOutbound("identity.verify-enterprise", JsonSerializer.SerializeToElement(new { enterpriseId }));
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
