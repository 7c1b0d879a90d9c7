namespace Hub.Activities.Evidence;

/// <summary>
/// What the Hub recorded about a sealed document, for its evidence report: the parties whose seals it carries (with how
/// each was established), the decisions made on the instance, and the seal uses in the ledger. An evidence report takes
/// these from the Hub's records, never from a flow's input, so no flow can make a report list approvals that did not
/// happen.
/// </summary>
public interface IEvidenceRecords
{
    /// <summary>The records of instance <paramref name="instanceId"/> about the document <paramref name="documentId"/>
    /// (lower-case hex SHA-256 of the sealed file).</summary>
    Task<EvidenceRecord> ForAsync(Guid instanceId, string documentId, CancellationToken cancellationToken);

    /// <summary>The decisions made on instance <paramref name="instanceId"/>'s tasks, oldest first, as the Hub recorded
    /// them: what a generated document's approval table binds instead of anything the applicant typed.</summary>
    Task<IReadOnlyList<EvidenceApproval>> DecisionsAsync(Guid instanceId, CancellationToken cancellationToken);
}

/// <summary>The parties, approvals and seal uses the Hub recorded for one document.</summary>
/// <param name="Parties">The organisations (and people) whose seals the document carries.</param>
/// <param name="Approvals">The decisions made on the instance, oldest first.</param>
/// <param name="SealUses">The ledger's seal uses that produced the document, oldest first.</param>
public sealed record EvidenceRecord(IReadOnlyList<EvidenceParty> Parties, IReadOnlyList<EvidenceApproval> Approvals, IReadOnlyList<EvidenceSealUse> SealUses);
