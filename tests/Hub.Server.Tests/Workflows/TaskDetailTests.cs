using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hub.Server.Tests.Infrastructure;
using Hub.Server.Tests.Seals;
using static Hub.Server.Tests.Workflows.WorkflowClient;

namespace Hub.Server.Tests.Workflows;

/// <summary>
/// Approvers see what they approve (issue 12, item 5), on the demo group through the API: a task shows the request's
/// input, the applicant and every person by name and organisation, the decisions already given with their deciders'
/// names and comments, and the documents the instance made with links the document API serves; people outside the task
/// and its organisation are refused (403, logged) as every other workflow endpoint refuses them.
/// </summary>
public sealed class TaskDetailTests(DemoHubFixture hub, ITestOutputHelper output) : IClassFixture<DemoHubFixture>
{
    [Fact]
    public async Task Expense_EachApproverSeesTheRequestTheApplicantAndEarlierDecisionsByName_AndTheDocumentsWhoseApprovalTableIsTheJournals()
    {
        if (!LibreOffice.Available(output))
        {
            return;
        }

        using var buyer = await hub.SignInAsDemoAsync("east.buyer");
        using var head = await hub.SignInAsDemoAsync("east.head");
        using var finance = await hub.SignInAsDemoAsync("east.finance");
        var id = await StartExpenseAsync(buyer, "BX-2026-000512", 2380.50);

        var headTask = await WaitForTaskAsync(head, "east.head", id, TimeSpan.FromSeconds(30));
        Assert.Contains(headTask.GetProperty("candidates").EnumerateArray(), c => c.GetProperty("displayName").GetString() == "陈采购部经理");
        var seenByHead = await DetailAsync(head, headTask.GetProperty("id").GetGuid());
        Assert.Equal(2380.50, seenByHead.GetProperty("request").GetProperty("amount").GetDouble());
        Assert.Equal("BX-2026-000512", seenByHead.GetProperty("request").GetProperty("requestNo").GetString());
        var applicant = seenByHead.GetProperty("instance").GetProperty("applicant");
        Assert.Equal(("冯华东采购", "采购部"), (applicant.GetProperty("displayName").GetString(), applicant.GetProperty("organisation").GetProperty("name").GetString()));
        Assert.Equal("expense-reimbursement", seenByHead.GetProperty("instance").GetProperty("definitionId").GetString());
        Assert.Empty(seenByHead.GetProperty("decisions").EnumerateArray());
        Assert.Empty(seenByHead.GetProperty("documents").EnumerateArray());
        var decided = await DecideAsync(head, headTask.GetProperty("id").GetGuid(), "approve", "差旅标准内，同意");
        Assert.True(decided.IsSuccessStatusCode, await decided.Content.ReadAsStringAsync());

        var financeTask = await WaitForTaskAsync(finance, "east.finance", id, TimeSpan.FromSeconds(30));
        var seenByFinance = await DetailAsync(finance, financeTask.GetProperty("id").GetGuid());
        var earlier = Assert.Single(seenByFinance.GetProperty("decisions").EnumerateArray());
        Assert.Equal(("approve", "差旅标准内，同意", "陈采购部经理", "采购部"), (earlier.GetProperty("decision").GetString(), earlier.GetProperty("comment").GetString(),
            earlier.GetProperty("decidedBy").GetProperty("displayName").GetString(),
            earlier.GetProperty("decidedBy").GetProperty("organisation").GetProperty("name").GetString()));
        Assert.Equal(headTask.GetProperty("nodeId").GetString(), earlier.GetProperty("nodeId").GetString());
        Assert.Equal(("费用报销：部门负责人审批", "费用报销：财务审核"), (earlier.GetProperty("step").GetString(), seenByFinance.GetProperty("title").GetString()));

        // The applicant follows their request: the organisation's people may read its tasks.
        Assert.Equal(HttpStatusCode.OK, (await buyer.GetAsync($"/api/tasks/{financeTask.GetProperty("id").GetGuid()}")).StatusCode);
        Assert.True((await DecideAsync(finance, financeTask.GetProperty("id").GetGuid(), "approve")).IsSuccessStatusCode);

        await WaitForStatusAsync(buyer, id, "Completed", TimeSpan.FromMinutes(3));
        var afterwards = await DetailAsync(finance, financeTask.GetProperty("id").GetGuid());
        Assert.Equal(("Decided", "郑华东财务"), (afterwards.GetProperty("status").GetString(), afterwards.GetProperty("decidedBy").GetProperty("displayName").GetString()));
        Assert.Equal(2, afterwards.GetProperty("decisions").GetArrayLength());
        var documents = afterwards.GetProperty("documents").EnumerateArray().ToList();
        Assert.Equal(["generated", "sealed", "evidence-report"], documents.Select(d => d.GetProperty("kind").GetString()));
        foreach (var document in documents)
        {
            Assert.Equal(HttpStatusCode.OK, (await buyer.GetAsync(document.GetProperty("href").GetString())).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await buyer.GetAsync(document.GetProperty("contentHref").GetString())).StatusCode);
        }

        // The claim form's approval table comes from the recorded decisions, not from the names the applicant's form carried.
        var generated = await buyer.GetByteArrayAsync(documents[0].GetProperty("contentHref").GetString());
        var path = Path.Combine(Directory.CreateTempSubdirectory("hub-claim-").FullName, "claim.pdf");
        await File.WriteAllBytesAsync(path, generated);
        var text = await ExternalTool.RunCheckedAsync("pdftotext", "-enc", "UTF-8", path, "-");
        Assert.Contains("陈采购部经理", text, StringComparison.Ordinal);
        Assert.Contains("郑华东财务", text, StringComparison.Ordinal);
        Assert.DoesNotContain("李建国", text, StringComparison.Ordinal);
        Assert.Contains("李建国", SealedPdfs.Sample("expense-reimbursement").GetProperty("approvals").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detail_CallerOutsideTheTaskAndItsOrganisation_IsRefused()
    {
        using var buyer = await hub.SignInAsDemoAsync("east.buyer");
        using var head = await hub.SignInAsDemoAsync("east.head");
        using var south = await hub.SignInAsDemoAsync("south.finance");
        using var hq = await hub.SignInAsDemoAsync("hq.admin");
        var id = await StartExpenseAsync(buyer, "BX-2026-000513", 120.00);
        var task = (await WaitForTaskAsync(head, "east.head", id, TimeSpan.FromSeconds(30))).GetProperty("id").GetGuid();

        var outside = await south.GetAsync($"/api/tasks/{task}");
        var unknown = await head.GetAsync($"/api/tasks/{Guid.NewGuid()}");

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.NotFound), (outside.StatusCode, unknown.StatusCode));
        Assert.DoesNotContain("BX-2026-000513", await outside.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await hq.GetAsync($"/api/tasks/{task}")).StatusCode);
    }

    /// <summary>An expense claim east.buyer raises in 华东贸易's 采购部, with the shipped sample form.</summary>
    private async Task<Guid> StartExpenseAsync(HttpClient buyer, string requestNo, double amount)
    {
        using var hq = await hub.SignInAsDemoAsync("hq.admin");
        var procurement = await hub.OrganisationAsync(hq, "采购部", "华东贸易有限公司");
        var started = await StartAsync(buyer, procurement, "expense-reimbursement",
            new { requestNo, applicant = "east.buyer", amount, form = SealedPdfs.Sample("expense-reimbursement") });
        return started.GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> DetailAsync(HttpClient caller, Guid taskId)
    {
        var response = await caller.GetAsync($"/api/tasks/{taskId}");
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
