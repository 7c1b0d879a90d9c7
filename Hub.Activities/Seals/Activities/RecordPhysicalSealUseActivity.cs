using Hub.Activities.Seals.Use;
using Hub.Workflows.Activities;

namespace Hub.Activities.Seals.Activities;

/// <summary>
/// Records that a custodian stamped a physical seal under a single-use grant: consumes the grant (once) and writes the
/// use to the same ledger and evidence chain electronic seals use, naming the device and the person who stamped.
/// </summary>
[Activity("RecordPhysicalSealUse", "Seals", "Record physical seal use",
    "Consumes a single-use seal grant for a physical seal and records the stamping (device, custodian, document) in the seal ledger and the evidence chain.")]
[Outcomes("Recorded", "Refused")]
[Output("use", "object", "succeeded, sealUseId, sealId, usedAt; or succeeded false with explanations")]
internal sealed class RecordPhysicalSealUseActivity : Activity
{
    [Input(Description = "The single-use grant from Authorise seal use.", UiHint = UiHints.Expression, Required = true, Order = 0)]
    public string GrantId { get; set; } = "";

    [Input(Description = "SHA-256 of the document that was stamped (the one the grant names).", UiHint = UiHints.Expression, Required = true, Order = 1)]
    public string DocumentId { get; set; } = "";

    [Input(Description = "Node id of the approval step whose decider stamped (the custodian's confirmation).", Required = true, Order = 2)]
    public string StampedBy { get; set; } = "";

    [Input(Description = "A note for the ledger, e.g. the number of copies stamped.", Order = 3)]
    public string? Note { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(GrantId, out var grantId))
        {
            throw new ActivityFaultException($"'{context.NodeId}': input 'grantId' must be a grant id (a UUID)", false, "invalid-input");
        }

        var documentId = SealActivityResult.RequireSha256(DocumentId, "documentId", context);
        if (string.IsNullOrWhiteSpace(StampedBy))
        {
            throw new ActivityFaultException($"'{context.NodeId}': input 'stampedBy' must name the custodian's approval step", false, "invalid-input");
        }

        return ValueTask.FromResult(SealActivityResult.Suspend(context, SealUseKinds.PhysicalUse, new { grantId, documentId, stampedBy = StampedBy, note = Note }));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(SealActivityResult.Resume(context, "use", "Recorded", "Refused"));
}
