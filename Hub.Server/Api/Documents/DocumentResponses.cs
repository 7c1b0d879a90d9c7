using Hub.Activities.Documents.Records;
using Hub.Trust.Verification;

namespace Hub.Server.Api.Documents;

/// <summary>A document's record as the API shows it; <see cref="Signatures"/> (and <see cref="VerificationError"/> when
/// the PDF could not be read) only on a single document's read.</summary>
internal sealed record DocumentResponse(string Id, Guid OrganisationId, string OrganisationPath, string? Category, string? Counterparty,
    string? Title, string FileName, string Kind, string Status, Guid? InstanceId, string? NodeId, string? DerivedFrom, DateTimeOffset CreatedAt,
    DateTimeOffset? ArchivedAt, IReadOnlyList<SignatureResponse>? Signatures = null, string? VerificationError = null)
{
    public static DocumentResponse From(DocumentRecord record, IReadOnlyList<SignatureResponse>? signatures = null, string? verificationError = null) =>
        new(record.DocumentId, record.OrganisationId, record.OrganisationPath, record.Category, record.Counterparty, record.Title, record.FileName,
            DocumentRecord.KindText(record.Kind), record.Status, record.InstanceId, record.NodeId, record.DerivedFrom, record.CreatedAt,
            record.ArchivedAt, signatures, verificationError);
}

/// <summary>One signature of a PDF as Hub.Trust's verifier judged it, each dimension apart.</summary>
internal sealed record SignatureResponse(string FieldName, string Signer, bool IsDocumentTimestamp, bool Intact, bool Valid, bool Trusted,
    string Coverage, string Modifications, DateTimeOffset? TimestampTime, bool? TimestampValid, DateTimeOffset? RevokedAt, bool Acceptable,
    IReadOnlyList<string> Problems)
{
    public static SignatureResponse From(PdfSignatureVerdict verdict) => new(verdict.FieldName, verdict.SignerSubject, verdict.IsDocumentTimestamp,
        verdict.Intact, verdict.Valid, verdict.Trusted, verdict.Coverage.ToString(), verdict.Modifications.ToString(), verdict.TimestampTime,
        verdict.TimestampValid, verdict.RevokedAt, verdict.IsAcceptable, verdict.Problems);
}

/// <summary>One page of a document search: the records, the page asked for and how many match in all.</summary>
internal sealed record DocumentPage(IReadOnlyList<DocumentResponse> Documents, int Page, int PageSize, long Total);
