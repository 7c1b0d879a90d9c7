using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hub.Server.Tests.Identity;
using Hub.Server.Tests.Infrastructure;
using Hub.Server.Tests.Workflows;
using static Hub.Server.Tests.Workflows.WorkflowClient;

namespace Hub.Server.Tests.Evidence;

/// <summary>
/// Acts enter the evidence chain where they happen, through the existing flows: a task decision and an identity
/// verification each leave one entry, read back through <c>GET /api/evidence</c> scoped to the caller's subtree; an HQ
/// administrator verifies and anchors the chain through the API.
/// </summary>
public sealed class EvidenceActsTests(HubServerFixture hub) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task Decide_ApproveWithAComment_EntersTheDecisionWithTheCommentsHashOnly()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var definitionId = "evidence-" + Guid.NewGuid().ToString("N")[..6];
        await ImportAsync(admin, hub.Group.Alpha.Id, WorkflowDocuments.Approval(definitionId, 1, [new { kind = "user", value = "alpha.admin" }]));
        var instanceId = (await StartAsync(admin, hub.Group.Alpha.Id, definitionId, new { })).GetProperty("id").GetGuid();
        var task = (await InboxAsync(admin, instanceId)).Single();
        const string comment = "金额与合同一致";
        using (var decided = await DecideAsync(admin, task.GetProperty("id").GetGuid(), "approve", comment))
        {
            Assert.True(decided.IsSuccessStatusCode, await decided.Content.ReadAsStringAsync());
        }

        var page = await GetPageAsync(admin, $"/api/evidence?organisationId={hub.Group.Alpha.Id}&kind=decision&subject=instance:{instanceId}");
        var entry = Assert.Single(page.GetProperty("entries").EnumerateArray());
        Assert.Equal(hub.Group["alpha.admin"].Id, entry.GetProperty("actorId").GetGuid());
        var details = entry.GetProperty("details");
        Assert.Equal(instanceId, details.GetProperty("instanceId").GetGuid());
        Assert.Equal(task.GetProperty("id").GetGuid(), details.GetProperty("taskId").GetGuid());
        Assert.Equal(task.GetProperty("nodeId").GetString(), details.GetProperty("step").GetString());
        Assert.Equal("approve", details.GetProperty("decision").GetString());
        Assert.Equal(hub.Group["alpha.admin"].Id, details.GetProperty("deciderId").GetGuid());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(comment))), details.GetProperty("commentSha256").GetString());
        Assert.DoesNotContain(comment, entry.GetRawText(), StringComparison.Ordinal);

        // Beta's administrator may not read Alpha's evidence; the group's HQ administrator may.
        using var beta = await hub.SignInAsync("beta.admin");
        using (var refused = await beta.GetAsync($"/api/evidence?organisationId={hub.Group.Alpha.Id}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using var hq = await hub.SignInAsync("hq.admin");
        var fromHq = await GetPageAsync(hq, $"/api/evidence?organisationId={hub.Group.Group.Id}&subject=instance:{instanceId}");
        Assert.Equal(entry.GetProperty("seq").GetInt64(), Assert.Single(fromHq.GetProperty("entries").EnumerateArray()).GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Verify_ThreeElementCheck_EntersTheOutcomeUnderThePseudonymousIdOnly()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var person = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id, name: "孙证据");
        var verification = await TestPerson.StartAsync(admin, person.Id, new { method = "ThreeElement" });
        Assert.Equal("Verified", verification.GetProperty("status").GetString());

        var page = await GetPageAsync(admin, $"/api/evidence?organisationId={hub.Group.Alpha.Id}&kind=verification&subject=person:{person.Id}");
        var entry = Assert.Single(page.GetProperty("entries").EnumerateArray());
        var details = entry.GetProperty("details");
        Assert.Equal(verification.GetProperty("id").GetGuid(), details.GetProperty("verificationId").GetGuid());
        Assert.Equal(person.Id, details.GetProperty("subjectId").GetGuid());
        Assert.Equal("ThreeElement", details.GetProperty("method").GetString());
        Assert.Equal(verification.GetProperty("level").GetString(), details.GetProperty("level").GetString());
        Assert.Equal("Verified", details.GetProperty("outcome").GetString());
        // Hashes and ids are hex; four digits of an ID number turn up in them by chance (1 run in ~30), so the short
        // fragment is looked for in the entry without them.
        var withoutHex = System.Text.RegularExpressions.Regex.Replace(entry.GetRawText(), "[0-9a-fA-F-]{8,}", "");
        foreach (var personal in new[] { person.Name, person.IdNumber, person.Mobile })
        {
            Assert.DoesNotContain(personal, entry.GetRawText(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(person.IdNumber[^4..], withoutHex, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAndAnchor_AsHqAdmin_IntactAndAnUnchangedHeadIsNotAnchoredTwice()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var person = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id);
        await TestPerson.StartAsync(admin, person.Id, new { method = "ThreeElement" });

        using var hq = await hub.SignInAsync("hq.admin");
        using var first = await hq.PostAsync("/api/evidence/anchors", null);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var anchor = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(anchor.GetProperty("added").GetBoolean());
        using var second = await hq.PostAsync("/api/evidence/anchors", null);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var unchanged = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(unchanged.GetProperty("added").GetBoolean());
        Assert.Equal(anchor.GetProperty("headSeq").GetInt64(), unchanged.GetProperty("headSeq").GetInt64());

        var report = await hq.GetFromJsonAsync<JsonElement>("/api/evidence/verify");
        Assert.True(report.GetProperty("intact").GetBoolean(), report.GetRawText());
        Assert.True(report.GetProperty("anchors").GetInt64() >= 1);
        Assert.Equal(anchor.GetProperty("headSeq").GetInt64(), report.GetProperty("lastAnchoredSeq").GetInt64());

        using var refused = await admin.GetAsync("/api/evidence/verify");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("kind=Decision", "kind")]
    [InlineData("before=0", "before")]
    [InlineData("from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "to")]
    public async Task List_BadFilter_IsAProblemNamingTheField(string query, string field)
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        using var response = await admin.GetAsync($"/api/evidence?organisationId={hub.Group.Alpha.Id}&{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task List_PagedNewestFirst_NextBeforeWalksEveryEntryOnce()
    {
        using var admin = await hub.SignInAsync("alpha.admin");
        var person = await TestPerson.RegisterAsync(hub, admin, hub.Group.Alpha.Id);
        for (var i = 0; i < 3; i++)
        {
            await TestPerson.StartAsync(admin, person.Id, new { method = "ThreeElement" });
        }

        var seen = new List<long>();
        string? before = null;
        do
        {
            var page = await GetPageAsync(admin,
                $"/api/evidence?organisationId={hub.Group.Alpha.Id}&subject=person:{person.Id}&limit=2" + (before is null ? "" : $"&before={before}"));
            seen.AddRange(page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()));
            before = page.GetProperty("nextBefore").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextBefore").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        while (before is not null);

        Assert.Equal(3, seen.Count);
        Assert.Equal(seen.OrderDescending(), seen);
    }

    private static async Task<JsonElement> GetPageAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
