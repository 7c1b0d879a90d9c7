using Hub.Workflows.Activities;
using Hub.Workflows.Definitions;
using Hub.Workflows.HumanTasks;
using Hub.Workflows.Tests.Runtime;

namespace Hub.Workflows.Tests.Definitions;

/// <summary>A candidate no directory could resolve is refused at publish: the kind by the engine, the rest by the
/// host's rules when it has some.</summary>
public sealed class CandidateValidationTests
{
    /// <summary>A host that knows one role, <c>finance</c>.</summary>
    private sealed class FinanceOnly : ICandidateRules
    {
        public string? Problem(ApprovalCandidate candidate) =>
            candidate.Kind == "role" && candidate.Value != "finance" ? $"role '{candidate.Value}' is unknown" : null;
    }

    //  start -> ask (Approval) -Approved-> end
    private static FlowBuilder Ask(params object[] candidates) => new FlowBuilder()
        .Node("start", "Start").Node("ask", "Approval", new { title = "t", candidates }).Node("end", "End")
        .Edges("start.Done -> ask", "ask.Approved -> end");

    [Fact]
    public void Validate_UnknownKind_ReportedWithoutHostRules()
    {
        var problems = WorkflowDefinitions.Validate(Ask(new { kind = "group", value = "x" }, new { kind = "user", value = "" }).Build(),
            ActivityRegistry.CreateCore());

        Assert.Equal(
            ["node 'ask' input 'candidates' candidate 0: kind 'group' is not one of user, role, position", "node 'ask' input 'candidates' candidate 1: has no value"],
            problems.Where(p => p.Code == DefinitionProblemCodes.UnresolvableCandidate).Select(p => p.Message));
        Assert.All(problems, p => Assert.Equal("ask", p.NodeId));
    }

    [Fact]
    public void Validate_HostRules_ReportWhatTheyRefuseOnly()
    {
        var registry = ActivityRegistry.CreateCore().UseCandidateRules(new FinanceOnly());

        var problem = Assert.Single(WorkflowDefinitions.Validate(Ask(new { kind = "role", value = "finance" }, new { kind = "role", value = "hr" }).Build(), registry));

        Assert.Equal(DefinitionProblemCodes.UnresolvableCandidate, problem.Code);
        Assert.Equal("node 'ask' input 'candidates' candidate 1: role 'hr' is unknown", problem.Message);
        Assert.Empty(WorkflowDefinitions.Validate(Ask(new { kind = "role", value = "finance" }).Build(), registry));
    }
}
