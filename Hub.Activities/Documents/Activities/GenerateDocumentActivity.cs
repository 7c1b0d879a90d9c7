using System.Text.Json;
using Hub.Workflows.Activities;

namespace Hub.Activities.Documents.Activities;

/// <summary>Fills a published Word template with workflow data and converts it to PDF through the host's warm
/// converter pool; the PDF is identified by its SHA-256 from then on, and recorded as the instance organisation's
/// document with its category, counterparty and title (for search and download through the API).</summary>
[Activity("GenerateDocument", "Documents", "Generate document", "Fills a Word template with data and converts it to PDF, identified by its SHA-256.")]
[Outcomes("Done", "Failed")]
[Output("document", "object", "succeeded, documentId (SHA-256), size and fileName; or succeeded false and error")]
internal sealed class GenerateDocumentActivity : Activity
{
    [Input(Description = "The published template: a name for its latest version (procurement-contract) or name@version (procurement-contract@2).",
        Required = true, Order = 0)]
    public string Template { get; set; } = "";

    [Input(Description = "The data the template reads (usually the expression input).", UiHint = UiHints.Json, Required = true, Order = 1)]
    public JsonElement? Data { get; set; }

    [Input(Description = "File name of the PDF.", DefaultJson = "\"document.pdf\"", Order = 2)]
    public string FileName { get; set; } = "document.pdf";

    [Input(Description = "Business category the document is searched by, e.g. contract or expense (at most 100 characters).", Order = 3)]
    public string? Category { get; set; }

    [Input(Description = "The other party, e.g. the supplier's name (at most 200 characters).", Order = 4)]
    public string? Counterparty { get; set; }

    [Input(Description = "The document's title as people search for it (at most 300 characters).", Order = 5)]
    public string? Title { get; set; }

    [Input(Description = "A property of data to fill with the instance's recorded decisions (step, approver, decision, comment, decidedAt; " +
        "oldest first), replacing whatever data held there, so a document's approval table shows who really decided, e.g. approvals.", Order = 6)]
    public string? DecisionsInto { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        if (DecisionsInto is { } property && !DocumentData.IsPropertyName(property))
        {
            throw new ActivityFaultException($"generate '{context.NodeId}': decisionsInto must be a property name (letters, digits, _; at most 64), not '{property}'",
                false, "invalid-input");
        }

        // Checked here so a value the record cannot hold faults the node at once instead of failing every delivery.
        if (FileName.Length is 0 or > 255 || FileName.Any(c => char.IsControl(c) || c is '/' or '\\'))
        {
            throw new ActivityFaultException($"generate '{context.NodeId}': fileName must be 1 to 255 characters without '/', '\\' or control characters", false, "invalid-input");
        }

        Limit(context, "category", Category, 100);
        Limit(context, "counterparty", Counterparty, 200);
        Limit(context, "title", Title, 300);
        return ValueTask.FromResult(DocumentActivityResult.Suspend(context, DocumentWorkKinds.Generate, new
        {
            template = Template, data = Data, fileName = FileName, category = Category, counterparty = Counterparty, title = Title,
            decisionsInto = DecisionsInto,
        }));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(DocumentActivityResult.Resume(context, "document"));

    private static void Limit(ActivityContext context, string input, string? value, int maxLength)
    {
        if (value is { Length: var length } && length > maxLength)
        {
            throw new ActivityFaultException($"generate '{context.NodeId}': {input} has {length} characters, more than {maxLength}", false, "invalid-input");
        }
    }
}
