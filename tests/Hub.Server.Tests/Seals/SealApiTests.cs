using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hub.Server.Seals.Stores;
using Hub.Server.Tests.Api;
using Hub.Server.Tests.Infrastructure;
using Npgsql;

namespace Hub.Server.Tests.Seals;

/// <summary>
/// The seal ledger through the API as the group's people use it: HQ sees and freezes any seal below it, a subsidiary's
/// administrator only its own; grants revoked through the API stop counting at once; a licensed CA's PKCS#12 binds;
/// the ledger exports as CSV Excel reads; malformed input is answered 400 or 422 with nothing written.
/// </summary>
public sealed class SealApiTests(HubServerFixture hub) : IClassFixture<HubServerFixture>
{
    [Fact]
    public async Task Freeze_HqAdminFreezesASubsidiarysSeal_OtherSubsidiarysAdminCannotSeeOrFreezeItAndItsOwnCannotThawIt()
    {
        using var betaAdmin = await hub.SignInAsync("beta.admin");
        using var alphaAdmin = await hub.SignInAsync("alpha.admin");
        using var hqAdmin = await hub.SignInAsync("hq.admin");
        var seal = await RegisterPhysicalAsync(betaAdmin, hub.Group.Beta.Id);

        var seen = await alphaAdmin.GetAsync($"/api/seals/{seal}");
        var frozenByStranger = await alphaAdmin.PostAsJsonAsync($"/api/seals/{seal}/freeze", new { reason = "越权" });
        var listedForStranger = await alphaAdmin.GetFromJsonAsync<JsonElement>("/api/seals");
        var frozenByHq = await hqAdmin.PostAsJsonAsync($"/api/seals/{seal}/freeze", new { reason = "集团审计" });

        Assert.Equal(HttpStatusCode.Forbidden, seen.StatusCode);
        await EndpointAccessTests.AssertProblemAsync(frozenByStranger, 403);
        Assert.DoesNotContain(listedForStranger.EnumerateArray(), s => s.GetProperty("id").GetGuid() == seal);
        Assert.Equal(HttpStatusCode.OK, frozenByHq.StatusCode);
        var frozen = await frozenByHq.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Frozen", "集团审计"), (frozen.GetProperty("status").GetString(), frozen.GetProperty("statusReason").GetString()));
        var listedForHq = await hqAdmin.GetFromJsonAsync<JsonElement>($"/api/seals?organisationId={hub.Group.Beta.Id}");
        Assert.Contains(listedForHq.EnumerateArray(), s => s.GetProperty("id").GetGuid() == seal);
        Assert.Equal(hub.Group.Group.Path, frozen.GetProperty("frozenByPath").GetString());

        // 集团管控: what HQ froze, the subsidiary cannot lift; HQ can. A freeze the subsidiary made, it lifts itself.
        var thawedByBeta = await betaAdmin.PostAsJsonAsync($"/api/seals/{seal}/thaw", new { reason = "审计结束" });
        await EndpointAccessTests.AssertProblemAsync(thawedByBeta, 403);
        Assert.Equal(HttpStatusCode.OK, (await hqAdmin.PostAsJsonAsync($"/api/seals/{seal}/thaw", new { reason = "审计结束" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await betaAdmin.PostAsJsonAsync($"/api/seals/{seal}/freeze", new { reason = "盘点" })).StatusCode);
        var thawedOwn = await betaAdmin.PostAsJsonAsync($"/api/seals/{seal}/thaw", new { reason = "盘点完毕" });
        Assert.Equal(HttpStatusCode.OK, thawedOwn.StatusCode);
        Assert.Equal("Active", (await thawedOwn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Revoke_SealRevoked_IsFinal409WithCode()
    {
        using var alphaAdmin = await hub.SignInAsync("alpha.admin");
        var seal = await RegisterPhysicalAsync(alphaAdmin, hub.Group.Alpha.Id);
        Assert.Equal(HttpStatusCode.OK, (await alphaAdmin.PostAsJsonAsync($"/api/seals/{seal}/revoke", new { reason = "遗失" })).StatusCode);

        var thaw = await alphaAdmin.PostAsJsonAsync($"/api/seals/{seal}/thaw", new { reason = "找到了" });

        var problem = await ProblemAsync(thaw);
        Assert.Equal((409, "seal-revoked"), (problem.GetProperty("status").GetInt32(), problem.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task RevokeGrant_ThroughTheApi_TheSealingPathCannotCountItAnyMore()
    {
        using var alphaAdmin = await hub.SignInAsync("alpha.admin");
        var seal = await RegisterPhysicalAsync(alphaAdmin, hub.Group.Alpha.Id);
        var created = await alphaAdmin.PostAsJsonAsync("/api/seal-grants", new
        {
            sealId = seal, granteeKind = "Role", grantee = "SealCustodian", categories = new[] { "labour-contract" }, maxUses = 5,
            requiredDefinitionId = "labour-contract",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var grant = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var revoked = await alphaAdmin.PostAsJsonAsync($"/api/seal-grants/{grant}/revoke", new { reason = "改由集团审批" });

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        await using var db = NpgsqlDataSource.Create(hub.RuntimeConnectionString);
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        Assert.False(await SealGrantStore.TryCountUseAsync(connection, transaction, grant, DateTimeOffset.UtcNow, CancellationToken.None));
        var listed = await alphaAdmin.GetFromJsonAsync<JsonElement>($"/api/seal-grants?sealId={seal}");
        Assert.Equal(0, listed.GetArrayLength());
    }

    [Fact]
    public async Task Certificate_LicensedCaPkcs12_BoundAsExternal_WrongPassword422AndSealUnchanged()
    {
        using var betaAdmin = await hub.SignInAsync("beta.admin");
        using var licensed = new ExternalSealCa();
        var registered = await betaAdmin.PostAsJsonAsync("/api/seals",
            new { organisationId = hub.Group.Beta.Id, type = "Invoice", medium = "Electronic", issueCertificate = false });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var seal = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var pkcs12 = Convert.ToBase64String(licensed.SealPkcs12(hub.Group.Beta.Name));

        var wrong = await betaAdmin.PostAsJsonAsync($"/api/seals/{seal}/certificate", new { pkcs12, password = "guess" });
        var unchanged = await betaAdmin.GetFromJsonAsync<JsonElement>($"/api/seals/{seal}");
        var bound = await betaAdmin.PostAsJsonAsync($"/api/seals/{seal}/certificate", new { pkcs12, password = ExternalSealCa.Password });

        await EndpointAccessTests.AssertProblemAsync(wrong, 422);
        Assert.False(unchanged.GetProperty("hasCertificate").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, bound.StatusCode);
        var serial = (await bound.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("certificateSerial").GetString()!;
        var issued = await hub.Service<Hub.Server.Trust.HubTrust>().Authority.GetCertificateAsync(serial, CancellationToken.None);
        Assert.True(issued.IsExternal);
    }

    [Fact]
    public async Task SealUses_CsvExport_QuotedUtf8WithBomAndOnlyTheCallersSubtree()
    {
        using var alphaAdmin = await hub.SignInAsync("alpha.admin");
        using var betaAdmin = await hub.SignInAsync("beta.admin");
        var alphaSeal = await RegisterPhysicalAsync(alphaAdmin, hub.Group.Alpha.Id, custodian: hub.Group["alpha.admin"].Id);
        var betaSeal = await RegisterPhysicalAsync(betaAdmin, hub.Group.Beta.Id, custodian: hub.Group["beta.admin"].Id);
        var reference = "HT-" + Guid.NewGuid().ToString("N")[..8];
        var used = await alphaAdmin.PostAsJsonAsync($"/api/seals/{alphaSeal}/physical-uses", new
        {
            documentReference = reference, category = "procurement-contract", amount = 12345.5m, counterparty = "上海\"某某\",科技有限公司", note = "=1+1",
        });
        Assert.Equal(HttpStatusCode.Created, used.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await betaAdmin.PostAsJsonAsync($"/api/seals/{betaSeal}/physical-uses",
            new { documentReference = "BETA-ONLY", category = "procurement-contract" })).StatusCode);

        var response = await alphaAdmin.GetAsync($"/api/seal-uses?format=csv&sealId={alphaSeal}");

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("used_at,organisation,seal,seal_type,medium,person_id,person,", lines[0], StringComparison.Ordinal);
        var row = Assert.Single(lines[1..]);
        Assert.Contains($",{reference},", row, StringComparison.Ordinal);
        Assert.Contains(",\"上海\"\"某某\"\",科技有限公司\",", row, StringComparison.Ordinal);
        Assert.Contains(",12345.50,CNY,", row, StringComparison.Ordinal);
        Assert.Contains(",'=1+1,", row, StringComparison.Ordinal);
        Assert.Contains(hub.Group.Alpha.Name, row, StringComparison.Ordinal);
        var all = Encoding.UTF8.GetString(await alphaAdmin.GetByteArrayAsync("/api/seal-uses?format=csv&limit=100000"));
        Assert.DoesNotContain("BETA-ONLY", all, StringComparison.Ordinal);
        var dashboard = await alphaAdmin.GetFromJsonAsync<JsonElement>("/api/seal-dashboard");
        var figures = dashboard.GetProperty("seals").EnumerateArray().Single(s => s.GetProperty("sealId").GetGuid() == alphaSeal);
        Assert.Equal(1, figures.GetProperty("uses").GetInt64());
        Assert.DoesNotContain(dashboard.GetProperty("entities").EnumerateArray(), e => e.GetProperty("organisationId").GetGuid() == hub.Group.Beta.Id);
    }

    public static TheoryData<string, object, int> Malformed => new()
    {
        { "/api/seals", new { type = "Official", medium = "Physical" }, 400 },
        { "/api/seals", new { organisationId = Guid.Empty, type = "Official", medium = "Electronic", deviceId = "x" }, 400 },
        { "/api/seals", new { organisationId = Guid.Empty, type = "Personal", medium = "Electronic" }, 400 },
        { "/api/seals", new { organisationId = Guid.Empty, type = "NoSuchSeal", medium = "Electronic" }, 400 },
        { "/api/seal-grants", new { sealId = Guid.Empty, granteeKind = "Role", grantee = "Janitor" }, 400 },
        { "/api/seal-grants", new { sealId = Guid.Empty, granteeKind = "Person", grantee = "not-a-guid", maxUses = 0 }, 400 },
        { "/api/seal-grants", new { sealId = Guid.Empty, granteeKind = "Role", grantee = "Finance", categories = new[] { "Bad Category" }, currency = "rmb" }, 400 },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task Post_MalformedBody_400WithProblemsAndNothingWritten(string path, object body, int status)
    {
        using var hqAdmin = await hub.SignInAsync("hq.admin");
        var before = await DatabaseSnapshot.TakeAsync(hub.ConnectionString);

        var response = await hqAdmin.PostAsJsonAsync(path, body);

        await EndpointAccessTests.AssertProblemAsync(response, status);
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(hub.ConnectionString));
    }

    [Fact]
    public async Task Appearance_NotAPng422_QueryWithBadLimit400()
    {
        using var alphaAdmin = await hub.SignInAsync("alpha.admin");
        var registered = await alphaAdmin.PostAsJsonAsync("/api/seals",
            new { organisationId = hub.Group.Alpha.Id, type = "LegalRepresentative", medium = "Electronic", issueCertificate = false });
        var seal = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var upload = await alphaAdmin.PutAsync($"/api/seals/{seal}/appearance", new ByteArrayContent("GIF89a not a png"u8.ToArray()));
        var badLimit = await alphaAdmin.GetAsync("/api/seal-uses?limit=0");
        var badFormat = await alphaAdmin.GetAsync("/api/seal-uses?format=xlsx");

        var problem = await ProblemAsync(upload);
        Assert.Equal((422, "appearance-not-png"), (problem.GetProperty("status").GetInt32(), problem.GetProperty("code").GetString()));
        await EndpointAccessTests.AssertProblemAsync(badLimit, 400);
        await EndpointAccessTests.AssertProblemAsync(badFormat, 400);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static async Task<Guid> RegisterPhysicalAsync(HttpClient admin, Guid organisationId, Guid? custodian = null)
    {
        var response = await admin.PostAsJsonAsync("/api/seals", new
        {
            organisationId, type = "Official", medium = "Physical", deviceId = "dev-" + Guid.NewGuid().ToString("N")[..10], location = "保险柜",
            custodians = custodian is null ? Array.Empty<Guid>() : [custodian.Value],
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
