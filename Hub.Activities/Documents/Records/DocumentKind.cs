namespace Hub.Activities.Documents.Records;

/// <summary>What a document the Hub holds is; whether it is archived is recorded beside it (<see cref="DocumentRecord.ArchivedAt"/>).</summary>
public enum DocumentKind
{
    /// <summary>Filled from a template and converted to PDF by GenerateDocument.</summary>
    Generated,

    /// <summary>A sealed PDF, derived from the document it seals.</summary>
    Sealed,

    /// <summary>An evidence report, sealed by the platform, derived from the document it reports on.</summary>
    EvidenceReport,
}
