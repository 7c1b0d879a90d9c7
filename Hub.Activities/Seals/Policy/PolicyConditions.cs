using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Hub.Workflows.Expressions;

namespace Hub.Activities.Seals.Policy;

/// <summary>
/// Compiles and evaluates rule conditions with the engine's CEL over one name, <c>request</c>, with the fields
/// amount (double; 0 without an amount), hasAmount, currency, category, counterparty ("" without one), sealType
/// (Official, Contract, Finance, Invoice, LegalRepresentative, Personal), organisationPath, organisationName,
/// definitionId, unattended, emergency, at (timestamp), hour and weekday (China Standard Time, UTC+8; weekday 0 is
/// Sunday, as CEL's getDayOfWeek) and approvals (a list of {step, decision, roles}, roles as <c>Role@/path/</c>).
/// </summary>
public static class PolicyConditions
{
    /// <summary>The name a condition reads.</summary>
    public const string RequestName = "request";

    // The group works on Beijing time, which has no daylight saving, so a fixed offset is exact.
    private static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);
    private const int MaxCached = 4096;

    private static readonly JsonElement RequestSchema = JsonDocument.Parse("""
        {"type":"object","properties":{
          "amount":{"type":"number"},"hasAmount":{"type":"boolean"},"currency":{"type":"string"},
          "category":{"type":"string"},"counterparty":{"type":"string"},"sealType":{"type":"string"},
          "organisationPath":{"type":"string"},"organisationName":{"type":"string"},"definitionId":{"type":"string"},
          "unattended":{"type":"boolean"},"emergency":{"type":"boolean"},
          "at":{"type":"string","format":"date-time"},"hour":{"type":"integer"},"weekday":{"type":"integer"},
          "approvals":{"type":"array","items":{"type":"object","properties":{
            "step":{"type":"string"},"decision":{"type":"string"},"roles":{"type":"array","items":{"type":"string"}}}}}}}
        """).RootElement;

    private static readonly ConcurrentDictionary<string, CelCompileResult> Compiled = new(StringComparer.Ordinal);

    /// <summary>The environment conditions are checked in (declared after the schema it is built from).</summary>
    public static CelEnvironment Environment { get; } = CelEnvironment.CreateFor(RequestName, RequestSchema);

    /// <summary>Every problem with <paramref name="condition"/>, as "message at line:column"; empty when it compiles
    /// to a bool (or is empty, which means always).</summary>
    public static IReadOnlyList<string> Problems(string condition)
    {
        if (string.IsNullOrWhiteSpace(condition))
        {
            return [];
        }

        var compiled = Compile(condition);
        if (!compiled.Succeeded)
        {
            return [.. compiled.Diagnostics.Select(d => d.ToString())];
        }

        return compiled.Expression!.ResultType == "bool"
            ? []
            : [$"the condition gives {compiled.Expression.ResultType}, not bool"];
    }

    /// <summary>Whether <paramref name="condition"/> holds for <paramref name="request"/>: true, false, or the error
    /// it ended in (a condition that does not compile is an error too).</summary>
    public static (bool Holds, string? Error) Evaluate(string condition, SealUseRequest request)
    {
        if (string.IsNullOrWhiteSpace(condition))
        {
            return (true, null);
        }

        var compiled = Compile(condition);
        if (!compiled.Succeeded)
        {
            return (false, string.Join("; ", compiled.Diagnostics.Select(d => d.ToString())));
        }

        var result = compiled.Expression!.Evaluate(CelActivation.Empty.WithName(RequestName, ToJson(request)));
        if (result.IsError)
        {
            return (false, result.Error);
        }

        return result.Value is bool holds ? (holds, null) : (false, $"the condition gave {result} instead of true or false");
    }

    /// <summary>The request as the condition sees it.</summary>
    public static JsonElement ToJson(SealUseRequest request)
    {
        var local = request.At.ToOffset(ChinaStandardTime);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("amount", (double)(request.Amount ?? 0m));
            json.WriteBoolean("hasAmount", request.Amount is not null);
            json.WriteString("currency", request.Currency);
            json.WriteString("category", request.Category);
            json.WriteString("counterparty", request.Counterparty ?? "");
            json.WriteString("sealType", request.SealType.ToString());
            json.WriteString("organisationPath", request.OrganisationPath);
            json.WriteString("organisationName", request.OrganisationName);
            json.WriteString("definitionId", request.DefinitionId ?? "");
            json.WriteBoolean("unattended", request.Unattended);
            json.WriteBoolean("emergency", request.Emergency);
            json.WriteString("at", request.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            json.WriteNumber("hour", local.Hour);
            json.WriteNumber("weekday", (int)local.DayOfWeek);
            json.WriteStartArray("approvals");
            foreach (var approval in request.Approvals)
            {
                json.WriteStartObject();
                json.WriteString("step", approval.Step);
                json.WriteString("decision", approval.Decision);
                json.WriteStartArray("roles");
                foreach (var role in approval.DeciderRoles)
                {
                    json.WriteStringValue(role);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    private static CelCompileResult Compile(string condition)
    {
        if (Compiled.Count >= MaxCached)
        {
            // Rules are few; a full cache means churn from edits, and recompiling is cheap next to unbounded growth.
            Compiled.Clear();
        }

        return Compiled.GetOrAdd(condition, source => CelExpression.Compile(source, Environment));
    }
}
