using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Hub.Activities.Seals.Statements;

namespace Hub.Server.Cli.Pdf;

/// <summary>Prints a <see cref="PdfVerification"/>, as lines for people or as JSON for scripts (the API's JSON too).</summary>
internal static class PdfVerifyReport
{
    /// <summary>camelCase, enums as names, CJK unescaped: the same shape the API returns.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Json(PdfVerification report) => JsonSerializer.Serialize(report, JsonOptions);

    public static string Text(PdfVerification report)
    {
        if (report.Signatures.Count == 0)
        {
            return $"{report.File}: no signatures";
        }

        var lines = new List<string>();
        foreach (var s in report.Signatures)
        {
            lines.Add($"{s.Field} ({s.SubFilter}) {s.Signer}: {(s.Acceptable ? "OK" : "FAILED")} "
                + $"intact={s.Intact} valid={s.Valid} trusted={s.Trusted} coverage={s.Coverage} modifications={s.Modifications}"
                + (s.Timestamp is { } t ? $" timestamp={t:u}" : string.Empty));
            lines.AddRange(s.Problems.Select(p => "  " + p));
            if (s.Approval is { } approval)
            {
                lines.AddRange(Approval(approval));
            }
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static IEnumerable<string> Approval(ApprovalReport approval)
    {
        yield return approval.Status switch
        {
            nameof(ApprovalStatementStatus.Valid) => $"  approval statement: VALID, signed by {approval.PlatformSigner}",
            nameof(ApprovalStatementStatus.NoStatement) => "  approval statement: none (a seal applied outside an approval flow)",
            nameof(ApprovalStatementStatus.DoesNotMatchSeal) => "  approval statement: DOES NOT MATCH ITS SEAL",
            _ => $"  approval statement: {approval.Status.ToUpperInvariant()}",
        };
        foreach (var problem in approval.Status == nameof(ApprovalStatementStatus.NoStatement) ? [] : approval.Problems)
        {
            yield return "    " + problem;
        }

        if (approval.Statement is not { } s)
        {
            yield break;
        }

        yield return $"    instance {s.InstanceId} of {s.DefinitionId} v{s.DefinitionVersion}, {s.OrganisationName} ({s.OrganisationPath})";
        yield return $"    seal {s.SealName} ({s.SealType}), certificate {s.CertificateSerial}; document SHA-256 {s.DocumentSha256}";
        foreach (var d in s.Decisions)
        {
            yield return $"    {d.StepName} ({d.Step}): {d.Decision} by {d.DeciderName} [{d.DeciderId}] at {Time(d.DecidedAt)}";
        }

        yield return $"    grant {s.GrantId} (expires {Time(s.GrantExpiresAt)})"
            + (s.StandingGrantId is { } standing ? $", standing grant {standing}" : string.Empty)
            + (s.Unattended ? ", unattended" : string.Empty) + (s.Emergency ? ", EMERGENCY" : string.Empty);
        yield return "    policy rules: " + (s.PolicyRuleIds.Count == 0 ? "none" : string.Join(", ", s.PolicyRuleIds));
        foreach (var reason in s.PolicyExplanation)
        {
            yield return $"    {reason.Chinese} / {reason.English}";
        }
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
