using System.Text.Json;
using Hub.Workflows.Activities;

namespace Hub.Activities.Documents.Activities;

/// <summary>Fills a published Word template with workflow data and converts it to PDF through the host's warm
/// converter pool; the PDF is identified by its SHA-256 from then on.</summary>
[Activity("GenerateDocument", "Documents", "Generate document", "Fills a Word template with data and converts it to PDF, identified by its SHA-256.")]
[Outcomes("Done", "Failed")]
[Output("document", "object", "succeeded, documentId (SHA-256), size and fileName; or succeeded false and error")]
internal sealed class GenerateDocumentActivity : Activity
{
    [Input(Description = "Name of the published template, e.g. procurement-contract.", Required = true, Order = 0)]
    public string Template { get; set; } = "";

    [Input(Description = "The data the template reads (usually the expression input).", UiHint = UiHints.Json, Required = true, Order = 1)]
    public JsonElement? Data { get; set; }

    [Input(Description = "File name of the PDF.", DefaultJson = "\"document.pdf\"", Order = 2)]
    public string FileName { get; set; } = "document.pdf";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(DocumentActivityResult.Suspend(context, DocumentWorkKinds.Generate, new { template = Template, data = Data, fileName = FileName }));

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(DocumentActivityResult.Resume(context, "document"));
}
