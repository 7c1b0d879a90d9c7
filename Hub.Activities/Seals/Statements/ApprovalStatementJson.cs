using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Hub.Activities.Seals.Statements;

/// <summary>
/// The canonical JSON of an <see cref="ApprovalStatement"/>: UTF-8, no whitespace, properties in one fixed order,
/// times in UTC with seven fractional digits, GUIDs in lowercase <c>D</c> form, CJK text unescaped. The same statement
/// always gives the same bytes, because the seal signs their digest. Reading is strict and bounded: a document that
/// is not exactly what <see cref="Serialise"/> writes for the statement it describes is refused.
/// </summary>
public static class ApprovalStatementJson
{
    /// <summary>The largest statement read, in bytes (1 MiB).</summary>
    public const int MaxBytes = 1024 * 1024;

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
    private const int MaxItems = 1000;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    private static readonly JsonDocumentOptions ReaderOptions = new() { MaxDepth = 8, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>The canonical bytes.</summary>
    /// <exception cref="ArgumentException">The document hash is not 64 lowercase hex digits.</exception>
    public static byte[] Serialise(ApprovalStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (statement.DocumentSha256.Length != 64 || !statement.DocumentSha256.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            throw new ArgumentException("DocumentSha256 must be the SHA-256 as 64 lowercase hex digits.", nameof(statement));
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteNumber("formatVersion", statement.FormatVersion);
            json.WriteString("instanceId", Id(statement.InstanceId));
            json.WriteString("definitionId", statement.DefinitionId);
            json.WriteNumber("definitionVersion", statement.DefinitionVersion);
            json.WriteString("organisationId", Id(statement.OrganisationId));
            json.WriteString("organisationPath", statement.OrganisationPath);
            json.WriteString("organisationName", statement.OrganisationName);
            json.WriteString("documentSha256", statement.DocumentSha256);
            json.WriteString("sealId", Id(statement.SealId));
            json.WriteString("sealType", statement.SealType.ToString());
            json.WriteString("sealName", statement.SealName);
            json.WriteString("certificateSerial", statement.CertificateSerial);
            json.WriteStartArray("decisions");
            foreach (var decision in statement.Decisions)
            {
                json.WriteStartObject();
                json.WriteString("step", decision.Step);
                json.WriteString("stepName", decision.StepName);
                json.WriteString("decision", decision.Decision);
                json.WriteString("deciderId", Id(decision.DeciderId));
                json.WriteString("deciderName", decision.DeciderName);
                json.WriteStartArray("deciderRoles");
                foreach (var role in decision.DeciderRoles)
                {
                    json.WriteStringValue(role);
                }

                json.WriteEndArray();
                json.WriteString("decidedAt", Time(decision.DecidedAt));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("grantId", Id(statement.GrantId));
            json.WriteString("grantExpiresAt", Time(statement.GrantExpiresAt));
            if (statement.StandingGrantId is { } standing)
            {
                json.WriteString("standingGrantId", Id(standing));
            }
            else
            {
                json.WriteNull("standingGrantId");
            }

            json.WriteStartArray("policyRuleIds");
            foreach (var rule in statement.PolicyRuleIds)
            {
                json.WriteStringValue(Id(rule));
            }

            json.WriteEndArray();
            json.WriteStartArray("policyExplanation");
            foreach (var reason in statement.PolicyExplanation)
            {
                json.WriteStartObject();
                json.WriteString("code", reason.Code);
                json.WriteString("zh", reason.Chinese);
                json.WriteString("en", reason.English);
                if (reason.RuleId is { } rule)
                {
                    json.WriteString("ruleId", Id(rule));
                }
                else
                {
                    json.WriteNull("ruleId");
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteBoolean("unattended", statement.Unattended);
            json.WriteBoolean("emergency", statement.Emergency);
            json.WriteString("issuedAt", Time(statement.IssuedAt));
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Reads canonical statement bytes.</summary>
    /// <exception cref="ApprovalStatementFormatException">Too large, not JSON, not this format, or not canonical.</exception>
    public static ApprovalStatement Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxBytes)
        {
            throw new ApprovalStatementFormatException($"The statement is {utf8.Length} bytes, more than the {MaxBytes} a statement may have.");
        }

        ApprovalStatement statement;
        try
        {
            using var document = JsonDocument.Parse(utf8.ToArray(), ReaderOptions);
            statement = Read(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException or OverflowException)
        {
            throw new ApprovalStatementFormatException($"The statement is not approval statement JSON: {e.Message}", e);
        }

        // Canonical or nothing: extra, missing, reordered or re-spelt properties would let two byte strings mean one statement.
        byte[] canonical;
        try
        {
            canonical = Serialise(statement);
        }
        catch (ArgumentException e)
        {
            throw new ApprovalStatementFormatException($"The statement is not approval statement JSON: {e.Message}", e);
        }

        if (!canonical.AsSpan().SequenceEqual(utf8))
        {
            throw new ApprovalStatementFormatException("The statement is not in canonical form (extra, reordered or re-spelt properties).");
        }

        return statement;
    }

    private static ApprovalStatement Read(JsonElement root)
    {
        var version = root.GetProperty("formatVersion").GetInt32();
        if (version != ApprovalStatement.CurrentFormatVersion)
        {
            throw new FormatException($"format version {version} is not one this Hub reads ({ApprovalStatement.CurrentFormatVersion}).");
        }

        var sealType = Text(root, "sealType");
        return new ApprovalStatement
        {
            FormatVersion = version,
            InstanceId = Guid(root, "instanceId"),
            DefinitionId = Text(root, "definitionId"),
            DefinitionVersion = root.GetProperty("definitionVersion").GetInt32(),
            OrganisationId = Guid(root, "organisationId"),
            OrganisationPath = Text(root, "organisationPath"),
            OrganisationName = Text(root, "organisationName"),
            DocumentSha256 = Text(root, "documentSha256"),
            SealId = Guid(root, "sealId"),
            SealType = Enum.TryParse<SealType>(sealType, ignoreCase: false, out var type) && Enum.IsDefined(type) && !char.IsAsciiDigit(sealType[0])
                ? type
                : throw new FormatException($"seal type '{sealType}' is unknown."),
            SealName = Text(root, "sealName"),
            CertificateSerial = Text(root, "certificateSerial"),
            Decisions = [.. Items(root, "decisions").Select(d => new RecordedApproval(
                Text(d, "step"), Text(d, "stepName"), Text(d, "decision"), Guid(d, "deciderId"), Text(d, "deciderName"),
                [.. Items(d, "deciderRoles").Select(r => r.GetString()!)], Time(d, "decidedAt")))],
            GrantId = Guid(root, "grantId"),
            GrantExpiresAt = Time(root, "grantExpiresAt"),
            StandingGrantId = root.GetProperty("standingGrantId").ValueKind == JsonValueKind.Null ? null : Guid(root, "standingGrantId"),
            PolicyRuleIds = [.. Items(root, "policyRuleIds").Select(r => System.Guid.ParseExact(r.GetString()!, "D"))],
            PolicyExplanation = [.. Items(root, "policyExplanation").Select(e => new Explanation(
                Text(e, "code"), Text(e, "zh"), Text(e, "en"), e.GetProperty("ruleId").ValueKind == JsonValueKind.Null ? null : Guid(e, "ruleId")))],
            Unattended = root.GetProperty("unattended").GetBoolean(),
            Emergency = root.GetProperty("emergency").GetBoolean(),
            IssuedAt = Time(root, "issuedAt"),
        };
    }

    private static IEnumerable<JsonElement> Items(JsonElement element, string name)
    {
        var array = element.GetProperty(name);
        return array.GetArrayLength() > MaxItems ? throw new FormatException($"'{name}' has more than {MaxItems} items.") : array.EnumerateArray();
    }

    private static string Text(JsonElement element, string name) => element.GetProperty(name).GetString() ?? throw new FormatException($"'{name}' is null.");

    private static Guid Guid(JsonElement element, string name) => System.Guid.ParseExact(Text(element, name), "D");

    private static DateTimeOffset Time(JsonElement element, string name) =>
        DateTimeOffset.ParseExact(Text(element, name), TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static string Id(Guid id) => id.ToString("D");

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);
}
