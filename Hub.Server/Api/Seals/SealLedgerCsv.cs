using System.Globalization;
using System.Text;
using Hub.Server.Seals;

namespace Hub.Server.Api.Seals;

/// <summary>
/// The seal-use ledger as CSV (RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds a comma, quote
/// or line break, quotes doubled), UTF-8 with a byte-order mark so Excel shows Chinese names. A text field that
/// starts like a formula gets a leading apostrophe, so opening the file never runs a counterparty's name as one.
/// </summary>
internal static class SealLedgerCsv
{
    private static readonly string[] Header =
    [
        "used_at", "organisation", "seal", "seal_type", "medium", "person_id", "person", "unattended", "emergency", "category", "amount", "currency",
        "counterparty", "document_reference", "document_sha256", "sealed_sha256", "instance_id", "standing_grant_id", "single_use_grant_id",
        "device_id", "note", "use_id",
    ];

    public static byte[] Write(IEnumerable<SealUseRow> rows)
    {
        var csv = new StringBuilder();
        Line(csv, Header);
        foreach (var row in rows)
        {
            var u = row.Use;
            Line(csv,
            [
                u.UsedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), Text(row.OrganisationName), Text(row.SealName),
                row.SealType.ToString(), u.Medium.ToString(), u.PersonId?.ToString() ?? "", Text(row.PersonName), u.Unattended ? "true" : "false",
                u.Emergency ? "true" : "false", Text(u.Category), u.Amount?.ToString("0.00", CultureInfo.InvariantCulture) ?? "", u.Currency ?? "",
                Text(u.Counterparty), Text(u.DocumentReference), Hex(u.DocumentSha256), Hex(u.SealedSha256), u.InstanceId?.ToString() ?? "",
                u.StandingGrantId?.ToString() ?? "", u.SingleUseGrantId?.ToString() ?? "", Text(u.DeviceId), Text(u.Note), u.Id.ToString(),
            ]);
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    private static void Line(StringBuilder csv, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }

            var field = fields[i];
            if (field.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                csv.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                csv.Append(field);
            }
        }

        csv.Append("\r\n");
    }

    // OWASP "CSV injection": a cell starting with = + - @ or a tab/CR is taken as a formula by spreadsheets.
    private static string Text(string? value) =>
        value is { Length: > 0 } && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal) ? "'" + value : value ?? "";

    private static string Hex(byte[]? bytes) => bytes is null ? "" : Convert.ToHexStringLower(bytes);
}
