namespace Hub.Activities.Evidence;

/// <summary>A party to the document as identity verification established it.</summary>
/// <param name="Role">The party's role, e.g. 甲方（采购方）.</param>
/// <param name="Name">Person or organisation name.</param>
/// <param name="Identifier">Resident ID or unified social credit code; the report shows it masked only.</param>
/// <param name="VerificationMethod">How identity was verified, e.g. 人脸识别（活体）.</param>
/// <param name="VerifiedAt">When it was verified.</param>
public sealed record EvidenceParty(string Role, string Name, string Identifier, string VerificationMethod, DateTimeOffset VerifiedAt);
