using Hub.Workflows.HumanTasks;

namespace Hub.Workflows.Tests.HumanTasks;

/// <summary>The task aggregate guards its rules itself: every refused act says why as data and changes nothing.</summary>
public sealed class HumanTaskTests
{
    private static readonly Guid Ann = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid Bob = Guid.Parse("00000000-0000-0000-0000-0000000000b2");
    private static readonly Guid Eve = Guid.Parse("00000000-0000-0000-0000-0000000000e3");

    private static HumanTask Open() => new(Guid.NewGuid(), "i/ask/i0/t0", Guid.NewGuid(), "ask", HumanTaskStatus.Open, [Ann, Bob], null, false);

    [Fact]
    public void Claim_ByCandidate_AssignsAndOthersAreRefused()
    {
        var claimed = Open().Claim(Ann);

        Assert.True(claimed.Done);
        Assert.Equal((HumanTaskStatus.Claimed, Ann), (claimed.Task!.Status, claimed.Task.Assignee));
        Assert.Equal(TaskRefusal.ClaimedByAnother, claimed.Task.Claim(Bob).Refusal);
        Assert.Equal(TaskRefusal.ClaimedByAnother, claimed.Task.Decide(Bob, "approve").Refusal);
        Assert.Equal(TaskRefusal.AlreadyClaimed, claimed.Task.Claim(Ann).Refusal);
    }

    [Fact]
    public void Acts_ByStranger_RefusedAsNotCandidate()
    {
        var task = Open();

        Assert.All(new[] { task.Claim(Eve), task.Decide(Eve, "approve"), task.Delegate(Eve, Ann) }, act =>
        {
            Assert.Equal(TaskRefusal.NotCandidate, act.Refusal);
            Assert.Null(act.Task);
            Assert.Contains(task.Id.ToString(), act.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Delegate_ReplacesTheDelegatorAmongCandidatesAndAssignsTheDelegate()
    {
        var delegated = Open().Delegate(Ann, Eve);

        Assert.True(delegated.Done);
        Assert.Equal([Bob, Eve], delegated.Task!.Candidates);
        Assert.Equal((HumanTaskStatus.Claimed, Eve), (delegated.Task.Status, delegated.Task.Assignee));
        Assert.Equal(TaskRefusal.NotCandidate, delegated.Task.Decide(Ann, "approve").Refusal);
    }

    [Theory]
    [InlineData("approve")]
    [InlineData("reject")]
    [InlineData("return")]
    public void Decide_KnownDecision_ClosesTheTaskForEveryone(string decision)
    {
        var decided = Open().Decide(Bob, decision);

        Assert.True(decided.Done);
        Assert.Equal((HumanTaskStatus.Decided, Bob), (decided.Task!.Status, decided.Task.Assignee));
        Assert.Equal(TaskRefusal.Closed, decided.Task.Decide(Ann, "approve").Refusal);
        Assert.Equal(TaskRefusal.Closed, decided.Task.Claim(Ann).Refusal);
        Assert.Null(decided.Task.Escalate([Eve]));
    }

    [Fact]
    public void Decide_UnknownDecision_RefusedNamingTheChoices()
    {
        var act = Open().Decide(Ann, "maybe");

        Assert.Equal(TaskRefusal.DecisionRefused, act.Refusal);
        Assert.Equal("'maybe' is not one of approve, reject, return.", act.Message);
    }

    [Fact]
    public void Escalate_Once_WidensCandidatesThenDoesNothing()
    {
        var escalated = Open().Escalate([Eve, Ann]);

        Assert.NotNull(escalated);
        Assert.True(escalated.Escalated);
        Assert.Equal([Ann, Bob, Eve], escalated.Candidates);
        Assert.Null(escalated.Escalate([Guid.NewGuid()]));
        Assert.True(escalated.Decide(Eve, "approve").Done);
    }

    [Fact]
    public void Cancelled_TakesNoAct()
    {
        var cancelled = Open().Cancel();

        Assert.False(cancelled.IsOpen);
        Assert.Equal(TaskRefusal.Closed, cancelled.Claim(Ann).Refusal);
        Assert.Equal("Task " + cancelled.Id + " is cancelled.", cancelled.Decide(Ann, "approve").Message);
    }
}
