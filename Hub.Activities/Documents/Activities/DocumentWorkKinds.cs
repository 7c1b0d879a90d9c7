namespace Hub.Activities.Documents.Activities;

/// <summary>The outbound message kinds the document activities emit; the host hands each to <see cref="DocumentWork"/>.</summary>
public static class DocumentWorkKinds
{
    /// <summary>Fill a template, convert it to PDF, keep it in the workspace. Payload: template, data, fileName, and optionally
    /// category, counterparty and title for the document's record.</summary>
    public const string Generate = "documents.generate";

    /// <summary>Store a workspace document in the encrypted archive. Payload: documentId, ownerPath, retainYears.</summary>
    public const string Archive = "documents.archive";

    /// <summary>Verify a sealed document and produce its sealed evidence report. Payload: documentId, reportNumber,
    /// title, fileName, parties, approvals, sealUses.</summary>
    public const string EvidenceReport = "documents.evidence-report";
}
