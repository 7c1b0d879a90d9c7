using Hub.Activities.Seals.Use;
using Hub.Workflows.Activities;

namespace Hub.Activities.Seals.Activities;

/// <summary>
/// Asks whether the flow may use a seal of its organisation on a document: the seal must be active, a standing grant
/// (印章授权) must cover the request and the group policy of every organisation above must allow it, judged with the
/// approvals the Hub recorded on this instance. On allow the host issues a single-use grant bound to the document's
/// SHA-256 and returns its id; on refusal the output explains why, in Chinese and English. Either way the decision is
/// recorded in the evidence chain.
/// </summary>
[Activity("AuthoriseSealUse", "Seals", "Authorise seal use",
    "Checks the seal, its grants and the group policy against the approvals recorded on this instance and issues a single-use seal grant for the document, or refuses with the reason.")]
[Outcomes("Authorised", "Refused")]
[Output("authorisation", "object", "succeeded, grantId, sealId, expiresAt and explanations [{code, chinese, english}]; or succeeded false with explanations")]
internal sealed class AuthoriseSealUseActivity : Activity
{
    [Input(Description = "Which of the organisation's seals (official, contract, finance, invoice, legalRepresentative, personal).", UiHint = UiHints.Dropdown, DefaultJson = "\"official\"", Order = 0)]
    public SealType SealType { get; set; } = SealType.Official;

    [Input(Description = "An electronic seal (applied as a signature) or a physical one (stamped by its custodian).", UiHint = UiHints.Dropdown,
        DefaultJson = "\"electronic\"", LiteralOnly = true, Order = 10)]
    public SealMedium Medium { get; set; } = SealMedium.Electronic;

    [Input(Description = "SHA-256 of the document to seal (usually an expression over the generated document).", UiHint = UiHints.Expression, Required = true, Order = 1)]
    public string DocumentId { get; set; } = "";

    [Input(Description = "Document category the grants and policy are written for, e.g. expense, procurement-contract.", Required = true, Order = 2)]
    public string Category { get; set; } = "";

    [Input(Description = "The amount the document commits to, when it has one.", UiHint = UiHints.Expression, Order = 3)]
    public double? Amount { get; set; }

    [Input(Description = "ISO 4217 currency of the amount.", DefaultJson = "\"CNY\"", Order = 4)]
    public string Currency { get; set; } = "CNY";

    [Input(Description = "The counterparty's name, when there is one.", UiHint = UiHints.Expression, Order = 5)]
    public string? Counterparty { get; set; }

    [Input(Description = "Seal with no person stamping; needs a standing grant that allows unattended use.", DefaultJson = "false", Order = 6)]
    public bool Unattended { get; set; }

    [Input(Description = "An emergency use: expedited approval, mandatory review afterwards.", DefaultJson = "false", Order = 7)]
    public bool Emergency { get; set; }

    [Input(Description = "Node id of the approval step whose decider stamps (e.g. the custodian's confirmation); unset for unattended use, or the applicant.", Order = 8)]
    public string? ConfirmedBy { get; set; }

    [Input(Description = "How long the single-use grant stays valid.", DefaultJson = "\"PT1H\"", Order = 9)]
    public TimeSpan? ValidFor { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var documentId = SealActivityResult.RequireSha256(DocumentId, "documentId", context);
        if (string.IsNullOrWhiteSpace(Category))
        {
            throw new ActivityFaultException($"'{context.NodeId}': input 'category' is required", false, "invalid-input");
        }

        if (Amount is { } amount && (!double.IsFinite(amount) || amount < 0))
        {
            throw new ActivityFaultException($"'{context.NodeId}': input 'amount' must be a non-negative number", false, "invalid-input");
        }

        var validFor = ValidFor ?? TimeSpan.FromHours(1);
        if (validFor <= TimeSpan.Zero || validFor > TimeSpan.FromDays(30))
        {
            throw new ActivityFaultException($"'{context.NodeId}': input 'validFor' must be between 1 second and 30 days", false, "invalid-input");
        }

        return ValueTask.FromResult(SealActivityResult.Suspend(context, SealUseKinds.Authorise, new
        {
            sealType = SealType.ToString(), medium = Medium.ToString(), documentId, category = Category.Trim(), amount = Amount, currency = Currency,
            counterparty = Counterparty, unattended = Unattended, emergency = Emergency, confirmedBy = ConfirmedBy,
            validForSeconds = (long)validFor.TotalSeconds,
        }));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(SealActivityResult.Resume(context, "authorisation", "Authorised", "Refused"));
}
