using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hub.Activities.Seals;
using Hub.Activities.Seals.Policy;
using Hub.Server.Seals.Policy;
using Hub.Server.Tests.Infrastructure;
using Npgsql;

namespace Hub.Server.Tests.Seals.Policy;

/// <summary>The policy API over a real node on the runtime role. Tests share the node, so each writes rules whose
/// condition names a category of its own and never sees another test's rules decide.</summary>
public sealed class PolicyApiTests(HubServerFixture hub) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task List_HqRuleAtSubsidiary_InheritedWithItsOwnerBesideTheSubsidiarysOwn()
    {
        var category = NewCategory();
        using var hqAdmin = await hub.SignInAsync("hq.admin");
        using var alphaAdmin = await hub.SignInAsync("alpha.admin");
        var hqRule = await PolicyTargets.AddAsync(hqAdmin, GroupLegalRule(category));
        var alphaRule = await PolicyTargets.AddAsync(alphaAdmin, PolicyTargets.RuleBody(hub.Group.Alpha.Id, $"request.category == '{category}'"));

        var rules = await alphaAdmin.GetFromJsonAsync<JsonElement>($"/api/seal-policies?organisation={hub.Group.Alpha.Id}");

        var inherited = rules.EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == hqRule);
        Assert.True(inherited.GetProperty("inherited").GetBoolean());
        Assert.Equal(hub.Group.Group.Id, inherited.GetProperty("organisationId").GetGuid());
        Assert.Equal(hub.Group.Group.Name, inherited.GetProperty("organisationName").GetString());
        Assert.Equal("Legal", inherited.GetProperty("requiredRole").GetString());
        Assert.Equal(hub.Group.Group.Path, inherited.GetProperty("requiredScopePath").GetString());
        Assert.False(rules.EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == alphaRule).GetProperty("inherited").GetBoolean());
        // Beta inherits the HQ rule but never sees Alpha's.
        using var betaAdmin = await hub.SignInAsync("beta.admin");
        var betaRules = await betaAdmin.GetFromJsonAsync<JsonElement>($"/api/seal-policies?organisation={hub.Group.Beta.Id}");
        Assert.Contains(betaRules.EnumerateArray(), r => r.GetProperty("id").GetGuid() == hqRule);
        Assert.DoesNotContain(betaRules.EnumerateArray(), r => r.GetProperty("id").GetGuid() == alphaRule);
    }

    [Fact]
    public async Task ChangeOrRemove_AncestorsRuleBySubsidiaryAdmin_Forbidden_RuleUntouched()
    {
        using var hqAdmin = await hub.SignInAsync("hq.admin");
        using var alphaAdmin = await hub.SignInAsync("alpha.admin");
        var hqRule = await PolicyTargets.AddAsync(hqAdmin, GroupLegalRule(NewCategory()));
        var disable = GroupLegalRule("x");
        disable["enabled"] = false;

        using var put = await alphaAdmin.PutAsJsonAsync($"/api/seal-policies/{hqRule}", disable);
        using var delete = await alphaAdmin.DeleteAsync($"/api/seal-policies/{hqRule}");

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.Contains(hub.Group.Group.Name, (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var history = await hqAdmin.GetFromJsonAsync<JsonElement>($"/api/seal-policies/{hqRule}/history");
        Assert.Equal(["added"], history.EnumerateArray().Select(v => v.GetProperty("change").GetString()));
    }

    [Fact]
    public async Task Add_ConditionWithTwoMistakes_422ListingBothAndNothingWritten()
    {
        using var alphaAdmin = await hub.SignInAsync("alpha.admin");
        var before = await CountAsync("SELECT count(*) FROM hub.seal_policy_rules");
        var body = PolicyTargets.RuleBody(hub.Group.Alpha.Id, "request.amout > 1.0 && request.categry == 'x'");
        body["explanationEnglish"] = "";

        using var response = await alphaAdmin.PostAsJsonAsync("/api/seal-policies", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        var condition = errors.GetProperty("condition").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(2, condition.Count);
        Assert.Contains(condition, m => m.Contains("amout", StringComparison.Ordinal));
        Assert.Contains(condition, m => m.Contains("categry", StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.Array, errors.GetProperty("explanationEnglish").ValueKind);
        Assert.Equal(before, await CountAsync("SELECT count(*) FROM hub.seal_policy_rules"));
    }

    [Fact]
    public async Task Change_StaleVersion_409_ThenDisable_KeptInHistory()
    {
        using var alphaAdmin = await hub.SignInAsync("alpha.admin");
        var condition = $"request.category == '{NewCategory()}'";
        var rule = await PolicyTargets.AddAsync(alphaAdmin, PolicyTargets.RuleBody(hub.Group.Alpha.Id, condition));
        var disable = PolicyTargets.RuleBody(hub.Group.Alpha.Id, condition);
        disable["enabled"] = false;
        disable["version"] = 7;

        using var stale = await alphaAdmin.PutAsJsonAsync($"/api/seal-policies/{rule}", disable);
        disable["version"] = 1;
        using var done = await alphaAdmin.PutAsJsonAsync($"/api/seal-policies/{rule}", disable);
        using var removed = await alphaAdmin.DeleteAsync($"/api/seal-policies/{rule}");
        using var again = await alphaAdmin.DeleteAsync($"/api/seal-policies/{rule}");

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(2, (await done.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        var history = await alphaAdmin.GetFromJsonAsync<JsonElement>($"/api/seal-policies/{rule}/history");
        Assert.Equal(["added", "disabled", "removed"], history.EnumerateArray().Select(v => v.GetProperty("change").GetString()));
        Assert.Equal(3L, await CountAsync($"SELECT count(*) FROM hub.evidence_log WHERE kind = 'policy-change' AND subject = 'policy-rule:{rule}'"));
    }

    [Fact]
    public async Task Explain_FinanceAboveMillion_RefusedInBothLanguagesUntilGroupLegalApproves()
    {
        var category = NewCategory();
        using var hqAdmin = await hub.SignInAsync("hq.admin");
        await PolicyTargets.AddAsync(hqAdmin, GroupLegalRule(category));
        using var alphaMember = await hub.SignInAsync("alpha.member");
        var ask = new Dictionary<string, object?>
        {
            ["organisationId"] = hub.Group.Alpha.Id, ["sealType"] = "Finance", ["category"] = category, ["amount"] = 1_500_000m,
        };

        var refused = await PostAsync(alphaMember, "/api/seal-policies/explain", ask);
        ask["approvals"] = new[] { new { step = "legal", decision = "approve", roles = new[] { $"Legal@{hub.Group.Group.Path}" } } };
        var allowed = await PostAsync(alphaMember, "/api/seal-policies/explain", ask);

        Assert.False(refused.GetProperty("allowed").GetBoolean());
        var explanation = refused.GetProperty("explanations").EnumerateArray().Single();
        Assert.Equal($"拒绝：{hub.Group.Alpha.Name} 财务专用章 金额超过 1,000,000 元需集团法务审批", explanation.GetProperty("chinese").GetString());
        Assert.Equal($"Refused: {hub.Group.Alpha.Name} finance seal: amount above 1,000,000 CNY requires group legal approval",
            explanation.GetProperty("english").GetString());
        Assert.True(allowed.GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task Explain_BadApprovalRole_400()
    {
        using var alphaMember = await hub.SignInAsync("alpha.member");
        using var response = await alphaMember.PostAsJsonAsync("/api/seal-policies/explain", new
        {
            organisationId = hub.Group.Alpha.Id, sealType = "Finance", category = "expense",
            approvals = new[] { new { decision = "approve", roles = new[] { "Legal" } } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("approvals[0].roles", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DryRun_NewLimitAtSubsidiary_ListsOnlyTheDecisionsItWouldRefuse_AndChangesNothing()
    {
        var category = NewCategory();
        var small = await RecordDecisionAsync(category, 50_000m);
        var large = await RecordDecisionAsync(category, 200_000m);
        using var alphaAdmin = await hub.SignInAsync("alpha.admin");
        var before = await CountAsync("SELECT (SELECT count(*) FROM hub.seal_policy_rules) + (SELECT count(*) FROM hub.evidence_log)");

        var result = await PostAsync(alphaAdmin, "/api/seal-policies/dry-run", new
        {
            organisationId = hub.Group.Alpha.Id,
            added = new[] { PolicyTargets.RuleBody(hub.Group.Alpha.Id, $"request.category == '{category}' && request.amount > 100000.0") },
        });

        var changes = result.GetProperty("changes").EnumerateArray().ToList();
        var change = Assert.Single(changes, c => c.GetProperty("decisionId").GetGuid() == large);
        Assert.DoesNotContain(changes, c => c.GetProperty("decisionId").GetGuid() == small);
        Assert.True(change.GetProperty("before").GetProperty("allowed").GetBoolean());
        Assert.False(change.GetProperty("after").GetProperty("allowed").GetBoolean());
        Assert.StartsWith($"拒绝：{hub.Group.Alpha.Name} 财务专用章 金额超过 100,000 元不得用印",
            change.GetProperty("after").GetProperty("explanations")[0].GetProperty("chinese").GetString());
        Assert.True(result.GetProperty("evaluated").GetInt32() >= 2);
        Assert.Equal(before, await CountAsync("SELECT (SELECT count(*) FROM hub.seal_policy_rules) + (SELECT count(*) FROM hub.evidence_log)"));
    }

    [Fact]
    public async Task DryRun_RemovingTheRuleThatRefused_ListsTheDecisionAsNowAllowed_LimitBounded()
    {
        var category = NewCategory();
        using var alphaAdmin = await hub.SignInAsync("alpha.admin");
        var rule = await PolicyTargets.AddAsync(alphaAdmin, PolicyTargets.RuleBody(hub.Group.Alpha.Id, $"request.category == '{category}'"));
        var decision = await RecordDecisionAsync(category, 10m);

        var result = await PostAsync(alphaAdmin, "/api/seal-policies/dry-run", new { organisationId = hub.Group.Alpha.Id, removed = new[] { rule }, limit = 1 });
        using var tooMany = await alphaAdmin.PostAsJsonAsync("/api/seal-policies/dry-run",
            new { organisationId = hub.Group.Alpha.Id, removed = new[] { rule }, limit = 1001 });
        using var hqRule = await alphaAdmin.PostAsJsonAsync("/api/seal-policies/dry-run",
            new { organisationId = hub.Group.Alpha.Id, removed = new[] { Guid.NewGuid() } });

        Assert.Equal(1, result.GetProperty("evaluated").GetInt32());
        var change = result.GetProperty("changes").EnumerateArray().Single();
        Assert.Equal(decision, change.GetProperty("decisionId").GetGuid());
        Assert.False(change.GetProperty("before").GetProperty("allowed").GetBoolean());
        Assert.True(change.GetProperty("after").GetProperty("allowed").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, hqRule.StatusCode);
    }

    private Dictionary<string, object?> GroupLegalRule(string category) => new()
    {
        ["organisationId"] = hub.Group.Group.Id, ["name"] = "大额财务用章需集团法务审批", ["kind"] = "RequireApproval",
        ["condition"] = $"request.category == '{category}' && request.amount > 1000000.0", ["sealTypes"] = new[] { "Finance" },
        ["requiredRole"] = "Legal", ["requiredScopeOrganisationId"] = hub.Group.Group.Id,
        ["explanationChinese"] = "金额超过 1,000,000 元需集团法务审批",
        ["explanationEnglish"] = "amount above 1,000,000 CNY requires group legal approval",
    };

    private static string NewCategory() => "test-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<Guid> RecordDecisionAsync(string category, decimal amount)
    {
        var seal = SealDecisionStoreTests.Seal(hub.Group.Alpha);
        var request = SealDecisionStoreTests.Request(seal, amount) with { Category = category };
        var decision = SealUseDecider.Decide(request, seal, [], []);
        await using var db = NpgsqlDataSource.Create(hub.RuntimeConnectionString);
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var id = await SealDecisionStore.RecordAsync(connection, transaction, request, decision, DateTimeOffset.UtcNow, CancellationToken.None);
        await transaction.CommitAsync();
        return id;
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var db = NpgsqlDataSource.Create(hub.ConnectionString);
        await using var command = db.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
