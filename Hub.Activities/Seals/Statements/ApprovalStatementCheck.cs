using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Hub.Trust.Signing;
using Hub.Trust.Verification;

namespace Hub.Activities.Seals.Statements;

/// <summary>
/// Checks, offline and from the file alone, the approval statement each seal of a PDF carries: present; signed by the
/// platform, whose certificate chains to an anchor; the one whose digest the seal signed; made for the document as it
/// was before that seal; and readable. Hostile statements (not CMS, truncated, huge, wrong content, JSON bombs) are
/// findings, never exceptions.
/// </summary>
public static class ApprovalStatementCheck
{
    private const string DataContentType = "1.2.840.113549.1.7.1";

    /// <summary>One finding per seal (document time-stamps are skipped), in the verdicts' order.</summary>
    /// <param name="pdf">The file the verdicts were made on.</param>
    /// <param name="verdicts">The verifier's verdicts on <paramref name="pdf"/>.</param>
    /// <param name="anchors">Certificates the platform's certificate must chain to.</param>
    /// <param name="time">The clock for the chain check when a seal has no time-stamp; the system clock when null.</param>
    public static IReadOnlyList<ApprovalStatementFinding> Check(
        ReadOnlyMemory<byte> pdf, IReadOnlyList<PdfSignatureVerdict> verdicts, IReadOnlyList<X509Certificate2> anchors, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        ArgumentNullException.ThrowIfNull(anchors);
        var now = (time ?? TimeProvider.System).GetUtcNow();
        return [.. verdicts.Where(v => !v.IsDocumentTimestamp).Select(v => CheckOne(pdf, v, anchors, v.TimestampTime ?? now))];
    }

    private static ApprovalStatementFinding CheckOne(ReadOnlyMemory<byte> pdf, PdfSignatureVerdict verdict, IReadOnlyList<X509Certificate2> anchors, DateTimeOffset time)
    {
        var problems = new List<string>();
        var digest = SealDigest(verdict, problems);
        var finding = new ApprovalStatementFinding { FieldName = verdict.FieldName, Status = ApprovalStatementStatus.Valid, SealCarriesDigest = digest is not null };
        var files = verdict.Attachments.Where(a => a.FileName == ApprovalStatements.FileName).ToList();
        if (files.Count == 0)
        {
            if (digest is null)
            {
                return finding with { Status = ApprovalStatementStatus.NoStatement, Problems = ["The seal carries no approval statement."] };
            }

            problems.Add("The seal signed an approval statement digest, but the file carries no statement for it.");
            return finding with { Status = ApprovalStatementStatus.Missing, Problems = problems };
        }

        finding = finding with { Present = true };
        if (files.Count > 1)
        {
            problems.Add($"The seal carries {files.Count} approval statements; it may carry one.");
            return finding with { Status = ApprovalStatementStatus.Malformed, Problems = problems };
        }

        var cms = ReadCms(files[0], problems);
        if (cms is null)
        {
            return finding with { Status = ApprovalStatementStatus.Malformed, Problems = problems };
        }

        var content = cms.ContentInfo.Content;
        var platform = cms.SignerInfos[0].Certificate;
        var signatureValid = VerifyPlatformSignature(cms, problems);
        var trusted = platform is not null && Chains(platform, cms.Certificates, anchors, time, problems);
        var matchesSeal = digest is not null && SHA256.HashData(content).AsSpan().SequenceEqual(digest);
        if (digest is not null && !matchesSeal)
        {
            problems.Add("The statement does not match its seal: the seal signed the digest of another statement (e.g. one swapped in from another instance).");
        }

        ApprovalStatement? statement = null;
        try
        {
            statement = ApprovalStatementJson.Parse(content);
        }
        catch (ApprovalStatementFormatException e)
        {
            problems.Add(e.Message);
        }

        var matchesDocument = statement is not null && MatchesDocument(pdf, verdict, statement.DocumentSha256);
        if (statement is not null && !matchesDocument)
        {
            problems.Add("The statement was made for another document: its document hash is not the file as it was before this seal.");
        }

        var sealIntact = verdict.Intact && verdict.Coverage >= PdfSignatureCoverage.FollowedByUpdates && verdict.Modifications != PdfModificationLevel.Disallowed;
        if (!sealIntact)
        {
            problems.Add("The seal is broken or the file was changed after it: what it carries cannot be relied on.");
        }

        var status = !signatureValid ? ApprovalStatementStatus.PlatformSignatureInvalid
            : !trusted ? ApprovalStatementStatus.PlatformUntrusted
            : !matchesSeal ? ApprovalStatementStatus.DoesNotMatchSeal
            : statement is null ? ApprovalStatementStatus.Malformed
            : !sealIntact ? ApprovalStatementStatus.SealNotIntact
            : !matchesDocument ? ApprovalStatementStatus.DocumentMismatch
            : ApprovalStatementStatus.Valid;
        return finding with
        {
            Status = status,
            PlatformSignatureValid = signatureValid,
            PlatformTrusted = trusted,
            PlatformSigner = platform?.Subject,
            MatchesSeal = matchesSeal,
            MatchesDocument = matchesDocument,
            Statement = statement,
            Problems = problems,
        };
    }

    private static byte[]? SealDigest(PdfSignatureVerdict verdict, List<string> problems)
    {
        if (!verdict.SignedAttributes.TryGetValue(ApprovalStatements.DigestAttributeOid, out var values) || values.Count == 0)
        {
            return null;
        }

        try
        {
            var digest = AsnDecoder.ReadOctetString(values[0], AsnEncodingRules.DER, out var consumed);
            if (consumed == values[0].Length && digest.Length == SHA256.HashSizeInBytes && values.Count == 1)
            {
                return digest;
            }
        }
        catch (AsnContentException)
        {
            // Reported below with the other malformed shapes.
        }

        problems.Add("The seal's statement digest attribute is not one SHA-256 OCTET STRING.");
        return null;
    }

    private static SignedCms? ReadCms(SignatureAttachment file, List<string> problems)
    {
        if (file.Content.Length > ApprovalStatements.MaxSignedBytes)
        {
            problems.Add($"The statement file is {file.Content.Length} bytes, more than the {ApprovalStatements.MaxSignedBytes} a signed statement may have.");
            return null;
        }

        var cms = new SignedCms();
        try
        {
            cms.Decode(file.Content);
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException)
        {
            problems.Add($"The statement file is not a CMS SignedData: {e.Message}");
            return null;
        }

        if (cms.ContentInfo.ContentType.Value != DataContentType || cms.Detached)
        {
            problems.Add($"The statement's CMS holds content of type {cms.ContentInfo.ContentType.Value}, not the attached id-data ({DataContentType}) a statement is.");
            return null;
        }

        if (cms.SignerInfos.Count != 1)
        {
            problems.Add($"The statement's CMS has {cms.SignerInfos.Count} signers; it must have exactly one, the platform.");
            return null;
        }

        return cms;
    }

    private static bool VerifyPlatformSignature(SignedCms cms, List<string> problems)
    {
        try
        {
            cms.CheckSignature(verifySignatureOnly: true);
            return true;
        }
        catch (CryptographicException e)
        {
            problems.Add($"The platform's signature over the statement does not verify (the statement was altered): {e.Message}");
            return false;
        }
    }

    private static bool Chains(X509Certificate2 platform, X509Certificate2Collection included, IReadOnlyList<X509Certificate2> anchors, DateTimeOffset time, List<string> problems)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors.ToArray());
        chain.ChainPolicy.ExtraStore.AddRange(included);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = time.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        if (anchors.Count > 0 && chain.Build(platform))
        {
            return true;
        }

        var status = string.Join("; ", chain.ChainStatus.Select(c => c.StatusInformation.Trim()).Where(t => t.Length > 0).Distinct());
        problems.Add($"The platform certificate {platform.Subject} does not chain to a trust anchor{(status.Length > 0 ? ": " + status : ".")}");
        return false;
    }

    private static bool MatchesDocument(ReadOnlyMemory<byte> pdf, PdfSignatureVerdict verdict, string expected)
    {
        if (verdict.RevisionStart is not { } start || start > pdf.Length)
        {
            return false;
        }

        // The writer adds an end-of-line when the presented file's %%EOF had none, so the file before this seal is the
        // prefix up to the revision start, or that prefix without the end-of-line bytes just before it.
        var before = pdf.Span[..(int)start];
        var trimmed = before.TrimEnd("\r\n"u8);
        return Hex(before) == expected || Hex(trimmed) == expected;
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
