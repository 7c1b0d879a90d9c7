using Hub.Workflows.Activities;

namespace Hub.Activities.Documents.Activities;

/// <summary>Registers the document activities (GenerateDocument, ArchiveDocument, ProduceEvidenceReport).</summary>
public static class DocumentActivities
{
    /// <summary>Adds the three document activities to <paramref name="registry"/> and returns it.</summary>
    public static ActivityRegistry AddDocumentActivities(this ActivityRegistry registry) => registry
        .Register<GenerateDocumentActivity>()
        .Register<ArchiveDocumentActivity>()
        .Register<ProduceEvidenceReportActivity>();
}
