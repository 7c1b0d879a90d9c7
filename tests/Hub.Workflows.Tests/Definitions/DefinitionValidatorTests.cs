using Hub.Workflows.Activities;
using Hub.Workflows.Definitions;
using Hub.Workflows.Tests.Runtime;

namespace Hub.Workflows.Tests.Definitions;

public sealed class DefinitionValidatorTests
{
    private static readonly ActivityRegistry Registry = ActivityRegistry.CreateCore();

    private static IReadOnlyList<DefinitionProblem> Validate(FlowBuilder b) => WorkflowDefinitions.Validate(b.Build(), Registry);

    private static DefinitionProblem Single(FlowBuilder b, string code) => Assert.Single(Validate(b), p => p.Code == code);

    private static FlowBuilder StartEnd() => new FlowBuilder().Node("start", "Start").Node("end", "End").Edges("start.Done -> end");

    [Fact]
    public void Validate_UnknownActivityType_Reported()
    {
        var p = Single(StartEnd().Node("x", "Teleport").Edges("start.Done -> x"), DefinitionProblemCodes.UnknownActivityType);
        Assert.Equal("node 'x' has unknown activity type 'Teleport'", p.Message);
        Assert.Equal("x", p.NodeId);
    }

    [Fact]
    public void Validate_MissingRequiredInput_Reported()
    {
        var p = Single(StartEnd().Node("d", "Decision").Node("e2", "End").Edges("start.Done -> d", "d.True -> e2"), DefinitionProblemCodes.MissingRequiredInput);
        Assert.Equal("node 'd' input 'condition' is required", p.Message);
    }

    [Fact]
    public void Validate_WrongLiteralTypeAndUnknownInput_BothReported()
    {
        var problems = Validate(StartEnd().Node("d", "Decision", new { condition = "yes", colour = 1 }).Edges("start.Done -> d"));
        Assert.Equal("node 'd' input 'condition': expected boolean, not string \"yes\"", Assert.Single(problems, p => p.Code == DefinitionProblemCodes.WrongLiteralType).Message);
        Assert.StartsWith("node 'd': Decision has no input 'colour'", Assert.Single(problems, p => p.Code == DefinitionProblemCodes.UnknownInput).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DanglingDuplicateAndUnknownOutcomeEdges_Reported()
    {
        var problems = Validate(StartEnd().Edges("start.Done -> ghost", "start.Done -> end", "start.Maybe -> end"));
        Assert.Equal("connection start.Done -> ghost has no target 'ghost' node", Assert.Single(problems, p => p.Code == DefinitionProblemCodes.DanglingEdge).Message);
        Assert.Equal("connection start.Done -> end appears more than once", Assert.Single(problems, p => p.Code == DefinitionProblemCodes.DuplicateEdge).Message);
        Assert.Equal("connection start.Maybe -> end leaves from outcome 'Maybe', which Start 'start' does not have (outcomes: Done)",
            Assert.Single(problems, p => p.Code == DefinitionProblemCodes.UnknownOutcome).Message);
    }

    [Fact]
    public void Validate_NoStartAndSeveralStarts_Reported()
    {
        Assert.Equal("the flowchart has no Start node", Single(new FlowBuilder().Node("end", "End"), DefinitionProblemCodes.NoStart).Message);
        var p = Single(StartEnd().Node("start2", "Start").Edges("start2.Done -> end"), DefinitionProblemCodes.SeveralStarts);
        Assert.Equal("node 'start2' is a second Start node (the first is 'start'); a flowchart has exactly one", p.Message);
    }

    [Fact]
    public void Validate_UnreachableNode_Reported()
    {
        var p = Single(StartEnd().Node("island", "End"), DefinitionProblemCodes.UnreachableNode);
        Assert.Equal("node 'island' cannot be reached from Start 'start'", p.Message);
    }

    //   start -> a -> b -> a   (no back-edge mark)
    [Fact]
    public void Validate_UnmarkedCycle_Reported()
    {
        var p = Single(new FlowBuilder().Node("start", "Start").Node("a", "Fork").Node("b", "Fork").Edges("start.Done -> a", "a.Done -> b", "b.Done -> a"),
            DefinitionProblemCodes.UnmarkedCycle);
        Assert.Equal("cycle a -> b -> a has no connection marked as a back-edge", p.Message);
    }

    //   start -> a -> b -> a                               unmarked cycle
    //   start -> h -> m -True-> t ==> h (back-edge)         m.False leaves the loop from the middle
    //   start -> x, start -> y -> j(quorum 3 of 2) -> end   a join that can never fire
    // The cycle must not hide the other two problems (docs/workflow-format.md: "lists every problem").
    [Fact]
    public void Validate_UnmarkedCycleBesideOtherProblems_ListsEveryProblem()
    {
        var b = new FlowBuilder().Node("start", "Start").Node("a", "Fork").Node("b", "Fork")
            .Node("h", "Fork").Node("m", "Decision", new { condition = true }).Node("t", "Decision", new { condition = true })
            .Node("x", "Fork").Node("y", "Fork").Node("j", "Join", new { mode = "quorum", quorum = 3 }).Node("end", "End")
            .Edges("start.Done -> a", "a.Done -> b", "b.Done -> a",
                "start.Done -> h", "h.Done -> m", "m.True -> t", "m.False -> end", "t.True => h", "t.False -> end",
                "start.Done -> x", "start.Done -> y", "x.Done -> j", "y.Done -> j", "j.Done -> end");

        var problems = Validate(b);

        Assert.Equal("cycle a -> b -> a has no connection marked as a back-edge", Single(b, DefinitionProblemCodes.UnmarkedCycle).Message);
        Assert.Equal("connection m.False -> end leaves the loop of back-edge t.True -> h (back-edge) other than from its tail 't'",
            Assert.Single(problems, p => p.Code == DefinitionProblemCodes.MalformedLoop).Message);
        Assert.Equal("join 'j' needs a quorum of 3 but has 2 inbound branch(es)",
            Assert.Single(problems, p => p.Code == DefinitionProblemCodes.JoinNeverFires).Message);
        Assert.Equal(3, problems.Count);
    }

    [Fact]
    public void Validate_LoopLeftFromTheMiddle_ReportedAsMalformed()
    {
        var b = new FlowBuilder().Node("start", "Start").Node("h", "Fork").Node("m", "Decision", new { condition = true })
            .Node("t", "Decision", new { condition = true }).Node("end", "End")
            .Edges("start.Done -> h", "h.Done -> m", "m.True -> t", "m.False -> end", "t.True => h", "t.False -> end");
        var p = Single(b, DefinitionProblemCodes.MalformedLoop);
        Assert.Equal("connection m.False -> end leaves the loop of back-edge t.True -> h (back-edge) other than from its tail 't'", p.Message);
    }

    //   start -> d -True-> a -\
    //              -False-> b --> join(quorum 2)   a and b exclude each other
    [Fact]
    public void Validate_QuorumOverExclusiveDecisionOutcomes_JoinNeverFires()
    {
        var b = new FlowBuilder().Node("start", "Start").Node("d", "Decision", new { condition = true }).Node("a", "Fork").Node("b", "Fork")
            .Node("j", "Join", new { mode = "quorum", quorum = 2 }).Node("end", "End")
            .Edges("start.Done -> d", "d.True -> a", "d.False -> b", "a.Done -> j", "b.Done -> j", "j.Done -> end");
        var p = Single(b, DefinitionProblemCodes.JoinNeverFires);
        Assert.Equal("join 'j' needs a quorum of 2 but at most 1 of its 2 inbound branches can arrive: they are exclusive outcomes (False, True) of 'd'", p.Message);
    }

    [Fact]
    public void Validate_QuorumAboveInboundCount_JoinNeverFires()
    {
        var p = Single(new FlowBuilder().Node("start", "Start").Node("j", "Join", new { mode = "quorum", quorum = 3 }).Node("end", "End")
            .Edges("start.Done -> j", "j.Done -> end"), DefinitionProblemCodes.JoinNeverFires);
        Assert.Equal("join 'j' needs a quorum of 3 but has 1 inbound branch(es)", p.Message);
    }

    [Fact]
    public void Validate_ExpressionNotBoolOrNotTypeChecking_Reported()
    {
        var b = StartEnd().InputSchema("""{"type":"object","properties":{"amount":{"type":"number"}}}""")
            .Node("d1", "Decision", new { condition = "=input.amount + 1.0" }).Node("d2", "Decision", new { condition = "=input.amout > 1.0" })
            .Edges("start.Done -> d1", "start.Done -> d2");
        var problems = Validate(b).Where(p => p.Code == DefinitionProblemCodes.ExpressionInvalid).ToList();
        Assert.Equal("node 'd1' input 'condition' must be bool, but the expression is double", problems.Single(p => p.NodeId == "d1").Message);
        Assert.Contains("amout", problems.Single(p => p.NodeId == "d2").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_JoinModeAsExpression_LiteralRequired()
    {
        var p = Single(StartEnd().Node("j", "Join", new { mode = "='all'" }).Edges("start.Done -> j", "j.Done -> end"), DefinitionProblemCodes.LiteralRequired);
        Assert.Equal("node 'j' input 'mode' must be a literal, not an expression", p.Message);
    }

    [Fact]
    public void Validate_SetUndeclaredVariable_Reported()
    {
        var p = Single(StartEnd().Node("s", "SetVariable", new { variable = "total", value = 1 }).Edges("start.Done -> s"), DefinitionProblemCodes.InvalidVariable);
        Assert.Equal("node 's' input 'variable' names undeclared variable 'total'", p.Message);
    }

    [Fact]
    public void Publish_InvalidDraft_RefusesWithEveryProblemAndRetireNeedsPublished()
    {
        var draft = DefinitionVersion.Draft(StartEnd().Node("x", "Teleport").Node("y", "End").Build());

        var e = Assert.Throws<DefinitionInvalidException>(() => draft.Publish(Registry));

        Assert.Equal(3, e.Problems.Count);
        Assert.StartsWith("definition 'test' version 1 has 3 problem(s): ", e.Message, StringComparison.Ordinal);
        Assert.Equal("definition 'test' version 1 is draft; only a published version can be retired",
            Assert.Throws<InvalidOperationException>(draft.Retire).Message);
    }

    [Fact]
    public void Publish_ValidDraft_PinsHashAndRefusesSecondPublish()
    {
        var published = DefinitionVersion.Draft(StartEnd().Build()).Publish(Registry);
        Assert.Equal(DefinitionStatus.Published, published.Status);
        Assert.Matches("^sha256:[0-9a-f]{64}$", published.ContentHash!);
        var retired = published.Retire();
        Assert.Equal(published.ContentHash, retired.ContentHash);
        Assert.Equal("definition 'test' version 1 is retired; only a draft can be published",
            Assert.Throws<InvalidOperationException>(() => retired.Publish(Registry)).Message);
    }
}
