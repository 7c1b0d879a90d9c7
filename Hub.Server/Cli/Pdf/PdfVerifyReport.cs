using System.Text.Json;
using Hub.Trust.Verification;

namespace Hub.Server.Cli.Pdf;

/// <summary>Prints <c>pdf verify</c> verdicts, as lines for people or as JSON for scripts.</summary>
internal static class PdfVerifyReport
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string Json(string file, IReadOnlyList<PdfSignatureVerdict> verdicts) => JsonSerializer.Serialize(
        new
        {
            file,
            ok = verdicts.Count > 0 && verdicts.All(v => v.IsAcceptable),
            signatures = verdicts.Select(v => new
            {
                field = v.FieldName,
                subFilter = v.SubFilter,
                documentTimestamp = v.IsDocumentTimestamp,
                signer = v.SignerSubject,
                intact = v.Intact,
                valid = v.Valid,
                trusted = v.Trusted,
                coverage = v.Coverage.ToString(),
                modifications = v.Modifications.ToString(),
                modifiedObjects = v.ModifiedObjects,
                timestamp = v.TimestampTime,
                timestampValid = v.TimestampValid,
                revokedAt = v.RevokedAt,
                extraSignedAttributes = v.ExtraSignedAttributes.Select(a => new { oid = a.Oid?.Value, value = Convert.ToHexString(a.RawData) }),
                problems = v.Problems,
            }),
        },
        JsonOptions);

    public static string Text(string file, IReadOnlyList<PdfSignatureVerdict> verdicts)
    {
        if (verdicts.Count == 0)
        {
            return $"{file}: no signatures";
        }

        var lines = new List<string>();
        foreach (var v in verdicts)
        {
            lines.Add($"{v.FieldName} ({v.SubFilter}) {v.SignerSubject}: {(v.IsAcceptable ? "OK" : "FAILED")} "
                + $"intact={v.Intact} valid={v.Valid} trusted={v.Trusted} coverage={v.Coverage} modifications={v.Modifications}"
                + (v.TimestampTime is { } t ? $" timestamp={t:u}" : string.Empty));
            lines.AddRange(v.Problems.Select(p => "  " + p));
        }

        return string.Join(Environment.NewLine, lines);
    }
}
