using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Hub.Trust.Verification;

namespace Hub.Activities.Evidence;

/// <summary>Turns <see cref="EvidenceFacts"/> into what the evidence report shows, as JSON (one property per line or
/// cell, see <see cref="EvidenceReportDocument"/>). Identifiers are masked here, so raw ones never reach the report.</summary>
internal static class EvidenceReportData
{
    public static JsonElement Build(EvidenceFacts facts, string platform, DateTimeOffset generatedAt, TimeZoneInfo zone)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(facts.Document.Span));
        var acceptable = facts.Signatures.Count(v => v.IsAcceptable);
        var conclusion = facts.Signatures.Count == 0
            ? "文件中没有签名。"
            : acceptable == facts.Signatures.Count
                ? $"全部 {facts.Signatures.Count} 个签名有效，文件自最后一次签章后未被修改。"
                : $"{facts.Signatures.Count} 个签名中有 {facts.Signatures.Count - acceptable} 个未通过验证，见上表。";
        var data = new
        {
            reportNo = facts.ReportNumber,
            platform,
            generatedAt = Iso(generatedAt),
            document = new { title = facts.DocumentTitle, fileName = facts.DocumentFileName, size = facts.Document.Length, sha256 },
            parties = facts.Parties.Select(p => new
            {
                role = p.Role, name = p.Name, identifierMasked = IdentifierMask.Mask(p.Identifier),
                verificationMethod = p.VerificationMethod, verifiedAt = Iso(p.VerifiedAt),
            }),
            approvals = facts.Approvals.Select(a => new
            {
                step = a.Step, approver = a.Approver, decision = a.Decision, comment = a.Comment, decidedAt = Iso(a.DecidedAt),
            }),
            sealUses = facts.SealUses.Select(s => new
            {
                seal = s.Seal, certificateSubject = CommonName(s.CertificateSubject), certificateSerial = s.CertificateSerial,
                sealedAt = Iso(s.SealedAt), timestamp = Shown(s.TimestampAt, zone),
            }),
            signatures = facts.Signatures.Select(v => new
            {
                field = v.FieldName,
                signer = v.SigningCertificate is { } c ? c.GetNameInfo(X509NameType.SimpleName, false) : "（无证书）",
                intact = v.Intact ? "是" : "否",
                valid = v.Valid ? "有效" : "无效",
                trusted = v.Trusted ? "可信" : "不可信",
                result = Result(v, zone),
            }),
            conclusion,
        };
        return JsonSerializer.SerializeToElement(data);
    }

    private static string Result(PdfSignatureVerdict verdict, TimeZoneInfo zone)
    {
        if (!verdict.IsAcceptable)
        {
            return "未通过：" + (verdict.Problems.Count > 0 ? string.Join("；", verdict.Problems) : "签名覆盖范围或后续修改不被允许");
        }

        var scope = verdict.Coverage == PdfSignatureCoverage.WholeFile ? "覆盖整个文件" : "此后仅追加了允许的签章";
        var timestamp = verdict.TimestampTime is { } t
            ? $"，时间戳 {Shown(t, zone)}" + (verdict.TimestampValid == true ? "有效" : "无效")
            : "，无时间戳";
        return $"签名有效，{scope}{timestamp}";
    }

    private static string Iso(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    private static string Shown(DateTimeOffset? value, TimeZoneInfo zone) => value is { } v
        ? TimeZoneInfo.ConvertTime(v, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
        : "无（B-B 级别）";

    private static string CommonName(string subject)
    {
        try
        {
            var name = new X500DistinguishedName(subject).EnumerateRelativeDistinguishedNames()
                .FirstOrDefault(r => r.GetSingleElementType().Value == "2.5.4.3")?.GetSingleElementValue();
            return name ?? subject;
        }
        catch (CryptographicException)
        {
            return subject;
        }
    }
}
