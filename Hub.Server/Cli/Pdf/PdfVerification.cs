using System.Security.Cryptography.X509Certificates;
using Hub.Activities.Seals.Statements;
using Hub.Trust.Verification;

namespace Hub.Server.Cli.Pdf;

/// <summary>
/// One PDF's verification as <c>hub pdf verify</c> and <c>POST /api/pdf/verify</c> report it: every signature's
/// verdict and, per seal, its approval statement (who approved what, under which grant and policy), from the file
/// alone and the trust anchors given.
/// </summary>
/// <param name="File">The file's name as the caller gave it.</param>
/// <param name="Ok">Every signature is acceptable and every statement a seal carries is valid.</param>
/// <param name="Signatures">One entry per signature, in file order.</param>
internal sealed record PdfVerification(string File, bool Ok, IReadOnlyList<SignatureReport> Signatures)
{
    /// <summary>Verifies <paramref name="pdf"/>.</summary>
    /// <exception cref="Hub.Trust.Pdf.PdfFormatException">The bytes are not a PDF the reader accepts.</exception>
    public static PdfVerification Run(string file, ReadOnlyMemory<byte> pdf, IReadOnlyList<X509Certificate2> anchors, TimeProvider time)
    {
        var verdicts = new PdfSignatureVerifier(new PdfVerificationOptions { TrustAnchors = anchors, Time = time }).Verify(pdf);
        // One finding per seal in verdict order (time-stamps have none); matched by position, since a hostile file may
        // repeat a field name.
        var findings = new Queue<ApprovalStatementFinding>(ApprovalStatementCheck.Check(pdf, verdicts, anchors, time));
        var signatures = verdicts.Select(v => SignatureReport.From(v, v.IsDocumentTimestamp ? null : findings.Dequeue())).ToList();
        var ok = signatures.Count > 0 && signatures.All(s => s.Acceptable && s.Approval?.Status is null or nameof(ApprovalStatementStatus.Valid) or nameof(ApprovalStatementStatus.NoStatement));
        return new PdfVerification(file, ok, signatures);
    }
}

/// <summary>One signature's verdict and, for a seal, its approval statement.</summary>
internal sealed record SignatureReport(
    string Field, string SubFilter, bool DocumentTimestamp, string Signer, bool Acceptable, bool Intact, bool Valid, bool Trusted,
    string Coverage, string Modifications, IReadOnlyList<int> ModifiedObjects, DateTimeOffset? Timestamp, bool? TimestampValid,
    DateTimeOffset? RevokedAt, IReadOnlyList<SignedAttributeReport> ExtraSignedAttributes, IReadOnlyList<string> Problems, ApprovalReport? Approval)
{
    public static SignatureReport From(PdfSignatureVerdict v, ApprovalStatementFinding? finding) => new(
        v.FieldName, v.SubFilter, v.IsDocumentTimestamp, v.SignerSubject, v.IsAcceptable, v.Intact, v.Valid, v.Trusted,
        v.Coverage.ToString(), v.Modifications.ToString(), v.ModifiedObjects, v.TimestampTime, v.TimestampValid, v.RevokedAt,
        [.. v.ExtraSignedAttributes.Select(a => new SignedAttributeReport(a.Oid?.Value ?? string.Empty, Convert.ToHexString(a.RawData)))], v.Problems,
        finding is null ? null : ApprovalReport.From(finding));
}

/// <summary>A signed attribute beyond the standard ones: its type and first value's DER, in hex.</summary>
internal sealed record SignedAttributeReport(string Oid, string Value);

/// <summary>A seal's approval statement check and, when it could be read, the statement.</summary>
internal sealed record ApprovalReport(
    string Status, bool Present, bool SealCarriesDigest, bool PlatformSignatureValid, bool PlatformTrusted, string? PlatformSigner,
    bool MatchesSeal, bool MatchesDocument, ApprovalStatement? Statement, IReadOnlyList<string> Problems)
{
    public static ApprovalReport From(ApprovalStatementFinding f) => new(
        f.Status.ToString(), f.Present, f.SealCarriesDigest, f.PlatformSignatureValid, f.PlatformTrusted, f.PlatformSigner,
        f.MatchesSeal, f.MatchesDocument, f.Statement, f.Problems);
}
