using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hub.Server.Tests.Infrastructure;
using static Hub.Server.Tests.Workflows.WorkflowClient;

namespace Hub.Server.Tests.Seals;

/// <summary>
/// The shipped flows as the demo group runs them on a first start, through the API only: approvals by the demo users,
/// then generation, authorisation, the seal, the archive and the evidence report; the sealed PDF downloaded, copied to
/// another directory and checked by tools the Hub did not write and by <c>./hub pdf verify</c> offline.
/// </summary>
public sealed class SealedFlowTests(DemoHubFixture hub, ITestOutputHelper output) : IClassFixture<DemoHubFixture>
{
    private static readonly JsonElement ExpenseForm = SealedPdfs.Sample("expense-reimbursement");
    private static readonly JsonElement ContractForm = SealedPdfs.Sample("procurement-contract");

    [Fact]
    public async Task Expense_FromEastApprovedByHeadAndFinance_EndsInAFinanceSealedPdfThatProvesItsApprovalsOffline()
    {
        if (!LibreOffice.Available(output))
        {
            return;
        }

        using var buyer = await hub.SignInAsDemoAsync("east.buyer");
        using var hq = await hub.SignInAsDemoAsync("hq.admin");
        var procurement = await hub.OrganisationAsync(hq, "采购部", "华东贸易有限公司");
        var id = (await StartAsync(buyer, procurement, "expense-reimbursement",
            new { requestNo = "BX-2026-000417", applicant = "east.buyer", amount = 6345.60, form = ExpenseForm })).GetProperty("id").GetGuid();
        await hub.DecideAsDemoAsync("east.head", id);
        await hub.DecideAsDemoAsync("east.finance", id);

        var done = await WaitForStatusAsync(buyer, id, "Completed", TimeSpan.FromMinutes(3));
        var variables = done.GetProperty("variables");
        Assert.True(variables.TryGetProperty("sealed", out var seal) && seal.ValueKind == JsonValueKind.Object && seal.GetProperty("succeeded").GetBoolean(), variables.ToString());
        Assert.True(variables.GetProperty("evidence").GetProperty("allSignaturesValid").GetBoolean(), variables.ToString());
        var sealedId = variables.GetProperty("sealed").GetProperty("documentId").GetString()!;

        var file = await SealedPdfs.DownloadToAnotherDirectoryAsync(buyer, sealedId);
        var report = await VerifyOfflineAsync(file);
        Assert.Contains("陈采购部经理", report, StringComparison.Ordinal);
        Assert.Contains("郑华东财务", report, StringComparison.Ordinal);
        Assert.Contains("财务专用章", report, StringComparison.Ordinal);
        Assert.Contains(variables.GetProperty("authorisation").GetProperty("grantId").GetString()!, report, StringComparison.Ordinal);

        var bytes = await File.ReadAllBytesAsync(file);
        bytes[bytes.Length / 2] ^= 0x01;
        var altered = Path.Combine(Path.GetDirectoryName(file)!, "altered.pdf");
        await File.WriteAllBytesAsync(altered, bytes);
        var (code, _, _) = await HubProcess.RunAsync("pdf", "verify", altered, "--trust-anchor", await SealedPdfs.AnchorAsync(buyer, Path.GetDirectoryName(file)!));
        Assert.NotEqual(0, code);
    }

    [Fact]
    public async Task Procurement_AboveTheThreshold_CommitteeThenCustodian_EndsInAContractSealedPdf()
    {
        if (!LibreOffice.Available(output))
        {
            return;
        }

        using var buyer = await hub.SignInAsDemoAsync("east.buyer");
        using var hq = await hub.SignInAsDemoAsync("hq.admin");
        var procurement = await hub.OrganisationAsync(hq, "采购部", "华东贸易有限公司");
        var id = (await StartAsync(buyer, procurement, "procurement-contract",
            new { contractNo = "CG-2026-HD-0093", amount = 1290605.00, vendor = "苏州恒远办公设备有限公司", contract = ContractForm })).GetProperty("id").GetGuid();
        await hub.DecideAsDemoAsync("hq.legal", id);
        await hub.DecideAsDemoAsync("east.finance", id);
        await hub.DecideAsDemoAsync("hq.legal", id);
        await hub.DecideAsDemoAsync("hq.finance", id);
        await hub.DecideAsDemoAsync("east.custodian", id, TimeSpan.FromMinutes(2));

        var done = await WaitForStatusAsync(buyer, id, "Completed", TimeSpan.FromMinutes(3));
        var variables = done.GetProperty("variables");
        Assert.True(variables.TryGetProperty("sealed", out var seal) && seal.ValueKind == JsonValueKind.Object && seal.GetProperty("succeeded").GetBoolean(), variables.ToString());
        var file = await SealedPdfs.DownloadToAnotherDirectoryAsync(buyer, variables.GetProperty("sealed").GetProperty("documentId").GetString()!);
        var report = await VerifyOfflineAsync(file);
        Assert.Contains("合同专用章", report, StringComparison.Ordinal);
        Assert.Contains("吴华东印章管理员", report, StringComparison.Ordinal);
    }

    private async Task<string> VerifyOfflineAsync(string file)
    {
        using var anonymous = hub.Anonymous();
        return await SealedPdfs.VerifyOfflineAsync(anonymous, file, output);
    }
}
