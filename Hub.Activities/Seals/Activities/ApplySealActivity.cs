using Hub.Activities.Seals.Use;
using Hub.Workflows.Activities;

namespace Hub.Activities.Seals.Activities;

/// <summary>
/// Applies a seal under a single-use grant: the host consumes the grant (once, atomically), seals the exact document
/// it names with the seal's key and appearance as a PAdES signature timestamped by the Hub's TSA, embeds the signed
/// approval statement whose digest travels in the seal's signed attributes, and records the use in the ledger and the
/// evidence chain. A redelivery after a crash returns the same sealed document; a second use is refused.
/// </summary>
[Activity("ApplySeal", "Seals", "Apply seal",
    "Consumes a single-use seal grant and seals the document with the seal's certificate, appearance, trusted timestamp and embedded approval statement.")]
[Outcomes("Sealed", "Refused")]
[Output("seal", "object", "succeeded, documentId (the sealed PDF's SHA-256), sealUseId, sealedAt; or succeeded false with explanations")]
internal sealed class ApplySealActivity : Activity
{
    [Input(Description = "The single-use grant from Authorise seal use.", UiHint = UiHints.Expression, Required = true, Order = 0)]
    public string GrantId { get; set; } = "";

    [Input(Description = "SHA-256 of the document to seal; must be the one the grant names.", UiHint = UiHints.Expression, Required = true, Order = 1)]
    public string DocumentId { get; set; } = "";

    [Input(Description = "Where the seal goes.", UiHint = UiHints.Dropdown, DefaultJson = "\"keyword\"", LiteralOnly = true, Order = 2)]
    public SealPlacementChoice Placement { get; set; } = SealPlacementChoice.Keyword;

    [Input(Description = "Keyword placement: the text the seal is centred on, e.g. 盖章.", DefaultJson = "\"盖章\"", Order = 3)]
    public string Keyword { get; set; } = "盖章";

    [Input(Description = "Page placement: the page number (1 = first); keyword placement: the page the search starts on.", DefaultJson = "1", Order = 4)]
    public int Page { get; set; } = 1;

    [Input(Description = "Page and every-page placement: millimetres from the page's left edge to the seal's.", DefaultJson = "120", Order = 5)]
    public double X { get; set; } = 120;

    [Input(Description = "Page and every-page placement: millimetres from the page's bottom edge to the seal's; paging seal: its lower edge.", DefaultJson = "40", Order = 6)]
    public double Y { get; set; } = 40;

    [Input(Description = "PAdES level: B-T by default, B-LTA for long-term archives.", UiHint = UiHints.Dropdown, DefaultJson = "\"baselineT\"", LiteralOnly = true, Order = 7)]
    public SealLevel Level { get; set; } = SealLevel.BaselineT;

    [Input(Description = "The signature's reason text.", Order = 8)]
    public string? Reason { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(GrantId, out var grantId))
        {
            throw new ActivityFaultException($"'{context.NodeId}': input 'grantId' must be a grant id (a UUID)", false, "invalid-input");
        }

        var documentId = SealActivityResult.RequireSha256(DocumentId, "documentId", context);
        if (Page < 1 || !double.IsFinite(X) || !double.IsFinite(Y) || X < 0 || Y < 0)
        {
            throw new ActivityFaultException($"'{context.NodeId}': 'page' must be 1 or more and 'x', 'y' non-negative millimetres", false, "invalid-input");
        }

        if (Placement == SealPlacementChoice.Keyword && string.IsNullOrWhiteSpace(Keyword))
        {
            throw new ActivityFaultException($"'{context.NodeId}': keyword placement needs a keyword", false, "invalid-input");
        }

        return ValueTask.FromResult(SealActivityResult.Suspend(context, SealUseKinds.Apply, new
        {
            grantId, documentId, placement = Placement.ToString(), keyword = Keyword, page = Page, x = X, y = Y,
            level = Level.ToString(), reason = Reason,
        }));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(SealActivityResult.Resume(context, "seal", "Sealed", "Refused"));
}
