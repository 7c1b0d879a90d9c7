using System.Net.Http.Json;
using System.Text.Json;
using Hub.Server.Seals;
using Hub.Server.Seals.Stores;
using Hub.Server.Tests.Infrastructure;
using Npgsql;
using static Hub.Server.Tests.Workflows.WorkflowClient;

namespace Hub.Server.Tests.Seals;

/// <summary>
/// The shipped seal-use application (用印申请) as the demo group runs it through the API: an emergency electronic use at
/// 华东贸易 (custodian, then HQ legal at once, the contract seal, then a review the dashboard counts until it is closed),
/// and a physical use at 华南制造 (custodian, the stamping confirmed, the use recorded in the same ledger with its device).
/// </summary>
public sealed class SealUseApplicationFlowTests(DemoHubFixture hub, ITestOutputHelper output) : IClassFixture<DemoHubFixture>
{
    private static readonly JsonElement ContractForm = SealedPdfs.Sample("procurement-contract");

    [Fact]
    public async Task Emergency_ElectronicUse_HqApprovesSealsThenTheReviewIsOwedUntilClosed()
    {
        if (!LibreOffice.Available(output))
        {
            return;
        }

        using var buyer = await hub.SignInAsDemoAsync("east.buyer");
        using var hq = await hub.SignInAsDemoAsync("hq.admin");
        var east = await hub.OrganisationAsync(hq, "华东贸易有限公司");
        var procurement = await hub.OrganisationAsync(hq, "采购部", "华东贸易有限公司");
        var id = (await StartAsync(buyer, procurement, "seal-use-application", new
        {
            sealType = "Contract", category = "general", purpose = "补签供货合同（客户今日需原件）", counterparty = "苏州恒远办公设备有限公司",
            amount = 20000.0, physical = false, emergency = true, template = "procurement-contract", data = ContractForm,
        })).GetProperty("id").GetGuid();
        await hub.DecideAsDemoAsync("east.custodian", id, TimeSpan.FromMinutes(2));
        await hub.DecideAsDemoAsync("hq.legal", id);

        // Sealed, then waiting for the review after use.
        using (var finance = await hub.SignInAsDemoAsync("east.finance"))
        {
            await WaitForTaskAsync(finance, "east.finance", id, TimeSpan.FromMinutes(2));
        }

        var instance = await InstanceAsync(buyer, id);
        var variables = instance.GetProperty("variables");
        Assert.True(variables.GetProperty("sealed").GetProperty("succeeded").GetBoolean(), variables.ToString());

        var uses = await hq.GetFromJsonAsync<JsonElement>($"/api/seal-uses?instanceId={id}");
        var use = Assert.Single(uses.GetProperty("items").EnumerateArray());
        Assert.True(use.GetProperty("emergency").GetBoolean(), use.ToString());
        Assert.Equal("Electronic", use.GetProperty("medium").GetString());

        var owed = await FiguresAsync(hq, east);
        Assert.True(owed.GetProperty("emergencyReviewsOpen").GetInt64() >= 1, owed.ToString());
        // Past the three days the review is allowed, the dashboard counts it overdue (asked of the store at that time).
        await using (var db = NpgsqlDataSource.Create(hub.RuntimeConnectionString))
        {
            var scope = new SealDashboardScope(["/"], await PathAsync(db, east), null, null);
            var (_, overdueNow) = await SealDashboardStore.EmergencyReviewsAsync(db, scope, DateTimeOffset.UtcNow, CancellationToken.None);
            var (_, overdueLater) = await SealDashboardStore.EmergencyReviewsAsync(db, scope, DateTimeOffset.UtcNow.AddDays(3).AddHours(1), CancellationToken.None);
            Assert.Equal(overdueNow + 1, overdueLater);
        }

        await hub.DecideAsDemoAsync("east.finance", id);
        await WaitForStatusAsync(buyer, id, "Completed", TimeSpan.FromMinutes(1));
        Assert.Equal(owed.GetProperty("emergencyReviewsOpen").GetInt64() - 1, (await FiguresAsync(hq, east)).GetProperty("emergencyReviewsOpen").GetInt64());
    }

    [Fact]
    public async Task Physical_UseAtSouth_CustodianStampsAndTheLedgerRecordsTheDevice()
    {
        if (!LibreOffice.Available(output))
        {
            return;
        }

        using var hr = await hub.SignInAsDemoAsync("south.hr");
        using var hq = await hub.SignInAsDemoAsync("hq.admin");
        var department = await hub.OrganisationAsync(hq, "人力资源部", "华南制造有限公司");
        var id = (await StartAsync(hr, department, "seal-use-application", new
        {
            sealType = "Official", category = "general", purpose = "社保登记表加盖公章", amount = 0.0, physical = true, emergency = false,
            template = "procurement-contract", data = ContractForm,
        })).GetProperty("id").GetGuid();
        await hub.DecideAsDemoAsync("south.custodian", id, TimeSpan.FromMinutes(2));
        await hub.DecideAsDemoAsync("south.custodian", id, TimeSpan.FromSeconds(20));
        await hub.DecideAsDemoAsync("south.finance", id, TimeSpan.FromMinutes(1));

        var done = await WaitForStatusAsync(hr, id, "Completed", TimeSpan.FromMinutes(1));
        var recorded = done.GetProperty("variables").GetProperty("physicalUse");
        Assert.True(recorded.GetProperty("succeeded").GetBoolean(), recorded.ToString());
        Assert.Equal(DemoSealSeederDevice, recorded.GetProperty("deviceId").GetString());
        var use = Assert.Single((await hq.GetFromJsonAsync<JsonElement>($"/api/seal-uses?instanceId={id}")).GetProperty("items").EnumerateArray());
        Assert.Equal("Physical", use.GetProperty("medium").GetString());
        Assert.False(use.GetProperty("unattended").GetBoolean());
    }

    private const string DemoSealSeederDevice = Hub.Server.Seeding.DemoSealSeeder.SouthStampDevice;

    private static async Task<JsonElement> FiguresAsync(HttpClient caller, Guid organisationId) =>
        (await caller.GetFromJsonAsync<JsonElement>($"/api/seal-dashboard?organisationId={organisationId}")).GetProperty("figures");

    private static async Task<string> PathAsync(NpgsqlDataSource db, Guid organisationId)
    {
        await using var command = db.CreateCommand("SELECT path FROM hub.organisations WHERE id = $1");
        command.Parameters.AddWithValue(organisationId);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
