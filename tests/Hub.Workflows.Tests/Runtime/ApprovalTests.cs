using Hub.Workflows.Activities;
using Hub.Workflows.Definitions;
using Hub.Workflows.Runtime;

namespace Hub.Workflows.Tests.Runtime;

public sealed class ApprovalTests
{
    private static WorkflowDefinition Shipped(string file) =>
        WorkflowDefinitions.Read(File.ReadAllBytes(Path.Combine(SharedData.RepositoryRoot(), "tests", "flows", file)));

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
    public async Task RunBurst_LabourContractSequential_AsksLegalOnlyAfterTheDepartmentHead()
    {
        var h = new Harness(Shipped("labour-contract.json"));
        var first = await h.StartAsync("""{"employee":"E","company":"B"}""");
        Assert.Equal("department-head", Assert.Single(first.TaskRequests).Candidates.Single().Value);

        var second = await h.ResumeAsync(h.BookmarkOf("approvals"), $$"""{"taskId":"{{first.TaskRequests[0].Id}}","decision":"approve"}""");
        Assert.Equal("legal", Assert.Single(second.TaskRequests).Candidates.Single().Value);
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

    [Fact]
    public async Task RunBurst_ShippedExpenseHead_RequestsDailyRemindersTwice()
    {
        var h = new Harness(Shipped("expense-reimbursement.json"));

        var first = await h.StartAsync("""{"requestNo":"R-3","applicant":"u1","amount":10.0}""");

        var request = Assert.Single(first.TaskRequests);
        Assert.Equal(new TaskReminders(TimeSpan.FromDays(1), 2), request.Reminders);
        Assert.Equal(h.Time.GetUtcNow() + TimeSpan.FromDays(3), request.DueAt);
    }

    [Fact]
    public async Task RunBurst_SequentialWithReminders_EverySlotCarriesThem()
    {
        var h = new Harness(new FlowBuilder()
            .Node("start", "Start")
            .Node("ask", "Approval", new { title = "T", candidates = new[] { new { kind = "user", value = "a" }, new { kind = "user", value = "b" } },
                mode = "sequential", remindEvery = "PT4H", reminderLimit = 5 })
            .Node("end", "End")
            .Edges("start.Done -> ask", "ask.Approved -> end", "ask.Rejected -> end", "ask.Returned -> end").Build());

        var first = await h.StartAsync("{}");
        var second = await h.ResumeAsync(h.BookmarkOf("ask"), $$"""{"taskId":"{{first.TaskRequests[0].Id}}","decision":"approve"}""");

        Assert.Equal(new TaskReminders(TimeSpan.FromHours(4), 5), first.TaskRequests[0].Reminders);
        Assert.Equal(new TaskReminders(TimeSpan.FromHours(4), 5), Assert.Single(second.TaskRequests).Reminders);
    }

    [Theory]
    [InlineData("PT0S", 3, "approval 'ask': remindEvery must be a positive duration")]
    [InlineData("-PT1H", 3, "approval 'ask': remindEvery must be a positive duration")]
    [InlineData("PT1H", 0, "approval 'ask': reminderLimit 0 must be between 1 and 20")]
    [InlineData("PT1H", 21, "approval 'ask': reminderLimit 21 must be between 1 and 20")]
    public async Task RunBurst_ReminderSettingsOutOfRange_FaultsWithoutTasks(string every, int limit, string message)
    {
        var h = new Harness(new FlowBuilder()
            .Node("start", "Start")
            .Node("ask", "Approval", new { title = "T", candidates = new[] { new { kind = "user", value = "a" } }, remindEvery = every, reminderLimit = limit })
            .Node("end", "End")
            .Edges("start.Done -> ask", "ask.Approved -> end", "ask.Rejected -> end", "ask.Returned -> end").Build());

        var result = await h.StartAsync("{}");

        Assert.Equal(WorkflowStatus.Faulted, result.Status);
        Assert.Equal(message, result.Fault!.Message);
        Assert.Empty(result.TaskRequests);
    }

    [Fact]
    public async Task RunBurst_ExpenseReturnedThenResubmitted_AsksTheHeadAgainAndCompletes()
    {
        var h = new Harness(Shipped("expense-reimbursement.json"));
        var first = await h.StartAsync("""{"requestNo":"R-4","applicant":"u1","amount":10.0}""");

        var returned = await h.ResumeAsync(h.BookmarkOf("head"), $$"""{"taskId":"{{first.TaskRequests[0].Id}}","decision":"return","comment":"attach the invoice"}""", "head1");
        var revise = Assert.Single(returned.TaskRequests);
        Assert.Equal((ApprovalActivityCandidate, "Returned for revision: Expense reimbursement"), (revise.Candidates.Single(), revise.Title));
        Assert.EndsWith("/head/i0/r0/resubmit/t0", revise.Id, StringComparison.Ordinal);
        Assert.Equal([revise.Id], h.BookmarkOf("head").TaskRequestIds);

        var again = await h.ResumeAsync(h.BookmarkOf("head"), $$"""{"taskId":"{{revise.Id}}","decision":"approve","comment":"invoice attached"}""", "u1");
        var second = Assert.Single(again.TaskRequests);
        Assert.EndsWith("/head/i0/r1/t0", second.Id, StringComparison.Ordinal);
        Assert.Equal("Expense reimbursement", second.Title);

        await h.ResumeAsync(h.BookmarkOf("head"), $$"""{"taskId":"{{second.Id}}","decision":"approve"}""", "head1");
        await h.ResumeAsync(h.BookmarkOf("finance"), $$"""{"taskId":"{{h.BookmarkOf("finance").TaskRequestIds[0]}}","decision":"approve"}""", "cfo");

        Assert.Equal(WorkflowStatus.Completed, h.State.Status);
        Assert.Equal(["start", "head", "finance", "large", "approved"], h.Completed);
        var head = h.Journal.Single(j => j.NodeId == "head" && j.Event == JournalEvent.Completed);
        Assert.Equal(["Approved"], head.Outcomes);
    }

    [Fact]
    public async Task RunBurst_ApplicantWithdraws_EndsOnReturned()
    {
        var h = new Harness(Shipped("expense-reimbursement.json"));
        var first = await h.StartAsync("""{"requestNo":"R-5","applicant":"u1","amount":10.0}""");
        var returned = await h.ResumeAsync(h.BookmarkOf("head"), $$"""{"taskId":"{{first.TaskRequests[0].Id}}","decision":"return"}""");

        var done = await h.ResumeAsync(h.BookmarkOf("head"), $$"""{"taskId":"{{returned.TaskRequests[0].Id}}","decision":"reject","comment":"no longer needed"}""", "u1");

        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.Equal(["start", "head", "rejected"], h.Completed);
        Assert.Equal(["Returned"], done.Journal.Single(j => j.NodeId == "head").Outcomes);
    }

    [Fact]
    public async Task RunBurst_AllModeReturnedBeyondMaxReturns_DropsOpenTasksThenEndsOnReturned()
    {
        var h = new Harness(new FlowBuilder()
            .Node("start", "Start")
            .Node("ask", "Approval", new { title = "T", candidates = new[] { new { kind = "user", value = "a" }, new { kind = "user", value = "b" } },
                mode = "all", returnTo = "applicant", maxReturns = 1 }, new Dictionary<string, string> { ["decisions"] = "decisions" })
            .Node("ok", "End").Node("back", "End")
            .Variable("decisions", """{"type":"array"}""", "[]")
            .Edges("start.Done -> ask", "ask.Approved -> ok", "ask.Rejected -> back", "ask.Returned -> back").Build());
        var first = await h.StartAsync("{}");
        Assert.Equal(2, first.TaskRequests.Count);

        var returned = await h.ResumeAsync(h.BookmarkOf("ask"), $$"""{"taskId":"{{first.TaskRequests[1].Id}}","decision":"return"}""", "b");
        // b's return ends the round: a's task is no longer awaited, only the applicant's.
        Assert.Equal([returned.TaskRequests.Single().Id], h.BookmarkOf("ask").TaskRequestIds);
        var round = await h.ResumeAsync(h.BookmarkOf("ask"), $$"""{"taskId":"{{returned.TaskRequests[0].Id}}","decision":"approve"}""", "applicant");
        Assert.Equal(2, round.TaskRequests.Count);
        await h.ResumeAsync(h.BookmarkOf("ask"), $$"""{"taskId":"{{round.TaskRequests[0].Id}}","decision":"approve"}""", "a");
        var done = await h.ResumeAsync(h.BookmarkOf("ask"), $$"""{"taskId":"{{round.TaskRequests[1].Id}}","decision":"return"}""", "b");

        Assert.Equal(["start", "ask", "back"], h.Completed);
        Assert.Equal(["Returned"], done.Journal.Single(j => j.NodeId == "ask").Outcomes);
        var decisions = h.State.Variables["decisions"].EnumerateArray().Select(d => (d.GetProperty("Decision").GetString(), d.GetProperty("Round").GetInt32()));
        Assert.Equal([("return", 0), ("resubmit", 0), ("approve", 1), ("return", 1)], decisions);
    }

    private static readonly ApprovalCandidate ApprovalActivityCandidate = new("position", "applicant");
}
