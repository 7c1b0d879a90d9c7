using System.Text.Json;
using Hub.Workflows.Activities;

namespace Hub.Activities.Documents.Activities;

/// <summary>Verifies every signature of a sealed document and produces its evidence report, sealed by the platform.</summary>
[Activity("ProduceEvidenceReport", "Documents", "Produce evidence report",
    "Verifies a sealed document and produces the sealed evidence report listing the parties, approvals and seal uses the Hub recorded for this instance, and the verdicts.")]
[Outcomes("Done", "Failed")]
[Output("report", "object", "succeeded, reportId (SHA-256 of the report), documentId and allSignaturesValid; or succeeded false and error")]
internal sealed class ProduceEvidenceReportActivity : Activity
{
    [Input(Description = "The sealed document's SHA-256.", Required = true, Order = 0)]
    public string DocumentId { get; set; } = "";

    [Input(Description = "Report number, e.g. EV-2026-000123.", Required = true, Order = 1)]
    public string ReportNumber { get; set; } = "";

    [Input(Description = "The document's title as shown on the report.", Required = true, Order = 2)]
    public string Title { get; set; } = "";

    [Input(Description = "The document's file name.", DefaultJson = "\"document.pdf\"", Order = 3)]
    public string FileName { get; set; } = "document.pdf";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(DocumentActivityResult.Suspend(context, DocumentWorkKinds.EvidenceReport, new
        {
            documentId = DocumentId, reportNumber = ReportNumber, title = Title, fileName = FileName,
        }));

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(DocumentActivityResult.Resume(context, "report"));
}
