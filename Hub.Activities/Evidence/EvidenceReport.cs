namespace Hub.Activities.Evidence;

/// <summary>A sealed evidence report.</summary>
/// <param name="Pdf">The report, sealed by the platform.</param>
/// <param name="Sha256">Lowercase hex SHA-256 of <paramref name="Pdf"/>, the id under which it is archived.</param>
/// <param name="DocumentSha256">Lowercase hex SHA-256 of the document the report is about.</param>
/// <param name="SignatureField">The field name of the platform's seal on the report.</param>
public sealed record EvidenceReport(byte[] Pdf, string Sha256, string DocumentSha256, string SignatureField);
