using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hub.Server.Tests.Infrastructure;

namespace Hub.Server.Tests.Seals.Policy;

/// <summary>Two rules owned by Alpha (one to change, one to remove) for the endpoint access tests, made through the API
/// by Alpha's administrator.</summary>
internal sealed record PolicyTargets(Guid ChangeRuleId, Guid RemoveRuleId)
{
    public static async Task<PolicyTargets> CreateAsync(HubServerFixture hub, HttpClient alphaAdmin) =>
        new(await AddAsync(alphaAdmin, RuleBody(hub.Group.Alpha.Id)), await AddAsync(alphaAdmin, RuleBody(hub.Group.Alpha.Id)));

    /// <summary>A valid rule owned by <paramref name="organisationId"/>: finance seal above 100,000 refused.</summary>
    public static Dictionary<string, object?> RuleBody(Guid organisationId, string condition = "request.amount > 100000.0") => new()
    {
        ["organisationId"] = organisationId, ["name"] = "大额财务用章禁止", ["kind"] = "Deny", ["condition"] = condition,
        ["sealTypes"] = new[] { "Finance" }, ["explanationChinese"] = "金额超过 100,000 元不得用印",
        ["explanationEnglish"] = "amounts above 100,000 CNY may not be sealed",
    };

    public static async Task<Guid> AddAsync(HttpClient client, Dictionary<string, object?> body)
    {
        using var response = await client.PostAsJsonAsync("/api/seal-policies", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }
}
