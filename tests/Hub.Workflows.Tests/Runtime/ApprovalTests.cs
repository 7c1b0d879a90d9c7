using Hub.Workflows.Definitions;
using Hub.Workflows.Runtime;

namespace Hub.Workflows.Tests.Runtime;

public sealed class ApprovalTests
{
    private static WorkflowDefinition Shipped(string file) =>
        WorkflowDefinitions.Read(File.ReadAllBytes(Path.Combine(SharedData.RepositoryRoot(), "workflows", file)));

    // procurement: start -> fork -> legal, finance -> join(all) -> amount > 1,000,000 ? committee (2 of 3) -> approved
    [Fact]
    public async Task RunBurst_ProcurementAboveThreshold_CommitteeQuorumApproves()
    {
        var h = new Harness(Shipped("procurement-contract.json"));
        var first = await h.StartAsync("""{"contractNo":"C-1","amount":2000000.0,"vendor":"V"}""");
        Assert.Equal(2, first.TaskRequests.Count);

        await h.ResumeAsync(h.BookmarkOf("legal"), $$"""{"taskId":"{{h.BookmarkOf("legal").TaskRequestIds[0]}}","decision":"approve"}""", "lawyer");
        var reviewed = await h.ResumeAsync(h.BookmarkOf("finance"), $$"""{"taskId":"{{h.BookmarkOf("finance").TaskRequestIds[0]}}","decision":"approve"}""", "cfo");
        Assert.Equal(["committee", "committee", "committee"], reviewed.TaskRequests.Select(t => t.NodeId));

        var tasks = h.BookmarkOf("committee").TaskRequestIds;
        var one = await h.ResumeAsync(h.BookmarkOf("committee"), $$"""{"taskId":"{{tasks[0]}}","decision":"approve"}""", "m1");
        Assert.Equal(WorkflowStatus.Suspended, one.Status);
        Assert.Equal(tasks.Skip(1), h.BookmarkOf("committee").TaskRequestIds);
        var two = await h.ResumeAsync(h.BookmarkOf("committee"), $$"""{"taskId":"{{tasks[2]}}","decision":"approve"}""", "m3");

        Assert.Equal(WorkflowStatus.Completed, two.Status);
        Assert.Equal(["Approved"], two.Journal.Single(j => j.NodeId == "committee").Outcomes);
        Assert.Equal("m3", two.Journal.Single(j => j.NodeId == "committee").Actor);
    }

    [Fact]
    public async Task RunBurst_LegalRejects_TerminatesAndClearsFinanceTask()
    {
        var h = new Harness(Shipped("procurement-contract.json"));
        await h.StartAsync("""{"contractNo":"C-2","amount":10.0,"vendor":"V"}""");

        var result = await h.ResumeAsync(h.BookmarkOf("legal"), $$"""{"taskId":"{{h.BookmarkOf("legal").TaskRequestIds[0]}}","decision":"reject"}""");

        Assert.Equal(WorkflowStatus.Faulted, result.Status);
        Assert.Equal("procurement contract rejected or returned by legal", result.Fault!.Message);
        Assert.Empty(result.State.Bookmarks);
    }

    [Fact]
    public async Task RunBurst_LabourContractSequential_AsksLegalRepresentativeOnlyAfterHr()
    {
        var h = new Harness(Shipped("labour-contract.json"));
        var first = await h.StartAsync("""{"employee":"E","company":"B"}""");
        Assert.Equal("hr", Assert.Single(first.TaskRequests).Candidates.Single().Value);

        var second = await h.ResumeAsync(h.BookmarkOf("approvals"), $$"""{"taskId":"{{first.TaskRequests[0].Id}}","decision":"approve"}""");
        Assert.Equal("legal-representative", Assert.Single(second.TaskRequests).Candidates.Single().Value);
        var done = await h.ResumeAsync(h.BookmarkOf("approvals"), $$"""{"taskId":"{{second.TaskRequests[0].Id}}","decision":"approve"}""");

        Assert.Equal(["start", "approvals", "approved"], h.Completed);
        Assert.Equal(WorkflowStatus.Completed, done.Status);
    }

    [Fact]
    public async Task RunBurst_DecisionForTaskNotOpen_RejectedWithoutChange()
    {
        var h = new Harness(Shipped("expense-reimbursement.json"));
        await h.StartAsync("""{"requestNo":"R-1","applicant":"u1","amount":100.0}""");
        var before = h.State.ToJson();

        var e = await Assert.ThrowsAsync<StimulusRejectedException>(() => h.ResumeAsync(h.BookmarkOf("head"), """{"taskId":"forged","decision":"approve"}"""));

        Assert.StartsWith("approval 'head': task 'forged' is not open", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, h.State.ToJson());
    }

    [Fact]
    public async Task RunBurst_ExpenseAboveThreshold_GoesThroughHqFinance()
    {
        var h = new Harness(Shipped("expense-reimbursement.json"));
        await h.StartAsync("""{"requestNo":"R-2","applicant":"u1","amount":80000.0}""");
        foreach (var node in new[] { "head", "finance", "hq" })
        {
            await h.ResumeAsync(h.BookmarkOf(node), $$"""{"taskId":"{{h.BookmarkOf(node).TaskRequestIds[0]}}","decision":"approve"}""");
        }

        Assert.Equal(["start", "head", "finance", "large", "hq", "approved"], h.Completed);
        Assert.Equal(WorkflowStatus.Completed, h.State.Status);
        Assert.Equal("approve", h.State.Variables["decisions"][0].GetProperty("Decision").GetString());
    }
}
