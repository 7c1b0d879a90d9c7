using Hub.Activities.Seals.Use;
using Hub.Workflows.Activities;

namespace Hub.Activities.Seals.Activities;

/// <summary>
/// The person's own signature (个人签名) on a document, after <c>RequireFreshAuthentication</c>: the host consumes the
/// fresh authentication the person made for exactly this document's bytes, records the key use, and adds a PAdES
/// signature (B-T with the Hub's TSA) with the person's Hub-held key, certificate and name seal as an incremental
/// revision, so the company seal before it stays valid. A redelivery after a crash returns the same signed document;
/// an authentication that is not this person's, not for this document, or used already is refused with the reason.
/// The two steps are separate cards so the designer shows where the flow waits for the person and where it fails when
/// the code is wrong (the authentication's own Failed outcome).
/// </summary>
[Activity("SignAsPerson", "Seals", "Personal signature",
    "Signs the document with the person's own certificate and name seal, consuming the fresh authentication they made for it.")]
[Outcomes("Signed", "Refused")]
[Output("signature", "object", "succeeded, documentId (the signed PDF's SHA-256), personId, certificateSerial, signingKeyUseId, signedAt; or succeeded false with explanations")]
internal sealed class SignAsPersonActivity : Activity
{
    [Input(Description = "SHA-256 of the document to sign (e.g. the sealed contract); the authentication must have been made for it.",
        UiHint = UiHints.Expression, Required = true, Order = 0)]
    public string DocumentId { get; set; } = "";

    [Input(Description = "The signer's person id (a verified person of this organisation with a Hub-held certificate).", UiHint = UiHints.Expression,
        Required = true, Order = 1)]
    public string PersonId { get; set; } = "";

    [Input(Description = "The authenticationId from Require fresh authentication.", UiHint = UiHints.Expression, Required = true, Order = 2)]
    public string AuthenticationId { get; set; } = "";

    [Input(Description = "The text the name seal is centred on, e.g. 乙方（签字）.", DefaultJson = "\"签字\"", Order = 3)]
    public string Keyword { get; set; } = "签字";

    [Input(Description = "The page the keyword search starts on (1 = first).", DefaultJson = "1", Order = 4)]
    public int Page { get; set; } = 1;

    [Input(Description = "The signature's reason text.", Order = 5)]
    public string? Reason { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var documentId = SealActivityResult.RequireSha256(DocumentId, "documentId", context);
        if (!Guid.TryParse(PersonId, out var personId))
        {
            throw new ActivityFaultException($"'{context.NodeId}': input 'personId' must be a person id (a UUID)", false, "invalid-input");
        }

        if (!Guid.TryParse(AuthenticationId, out var authenticationId))
        {
            throw new ActivityFaultException($"'{context.NodeId}': input 'authenticationId' must be an authentication id (a UUID)", false, "invalid-input");
        }

        if (string.IsNullOrWhiteSpace(Keyword) || Page < 1)
        {
            throw new ActivityFaultException($"'{context.NodeId}': the signature needs a keyword and a page of 1 or more", false, "invalid-input");
        }

        return ValueTask.FromResult(SealActivityResult.Suspend(context, SealUseKinds.PersonalSignature, new
        {
            documentId, personId, authenticationId, keyword = Keyword, page = Page, reason = Reason,
        }));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(SealActivityResult.Resume(context, "signature", "Signed", "Refused"));
}
