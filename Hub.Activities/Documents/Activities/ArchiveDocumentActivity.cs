using Hub.Workflows.Activities;

namespace Hub.Activities.Documents.Activities;

/// <summary>Stores a document of the instance in the encrypted archive for its owning organisation.</summary>
[Activity("ArchiveDocument", "Documents", "Archive document", "Encrypts a document into the archive with a retention period.")]
[Outcomes("Done", "Failed")]
[Output("archived", "object", "succeeded, documentId, segmentCount and retainUntil; or succeeded false and error")]
internal sealed class ArchiveDocumentActivity : Activity
{
    [Input(Description = "The document's SHA-256, e.g. from Generate document.", Required = true, Order = 0)]
    public string DocumentId { get; set; } = "";

    [Input(Description = "Organisation path of the owner, e.g. /group/east/; unset: the instance's organisation. Must lie in the instance's subtree.", Order = 1)]
    public string OwnerPath { get; set; } = "";

    [Input(Description = "Years the document must be kept; 0 uses the archive's default.", DefaultJson = "0", Order = 2)]
    public int RetainYears { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        if (RetainYears is < 0 or > 100)
        {
            throw new ActivityFaultException($"archive '{context.NodeId}': retainYears {RetainYears} is out of range 0..100", false, "invalid-input");
        }

        return ValueTask.FromResult(DocumentActivityResult.Suspend(context, DocumentWorkKinds.Archive,
            new { documentId = DocumentId, ownerPath = OwnerPath, retainYears = RetainYears }));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(DocumentActivityResult.Resume(context, "archived"));
}
