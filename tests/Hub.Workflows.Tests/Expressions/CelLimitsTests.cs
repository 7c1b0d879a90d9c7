using System.Text.Json;
using Hub.Workflows.Expressions;

namespace Hub.Workflows.Tests.Expressions;

/// <summary>Hostile expressions and inputs are refused at compile or stopped during evaluation, never left to run.</summary>
public sealed class CelLimitsTests
{
    private static JsonElement Numbers(int count) =>
        JsonDocument.Parse("[" + string.Join(",", Enumerable.Range(0, count)) + "]").RootElement;

    private static CelEnvironment ListInput(CelLimits? limits = null)
    {
        var env = CelEnvironment.Create().WithInputSchema(JsonDocument.Parse("""{ "type": "array", "items": { "type": "integer" } }""").RootElement);
        return limits is null ? env : env.WithLimits(limits);
    }

    [Fact]
    public void Compile_DeeplyNestedParentheses_RefusedWithPosition()
    {
        var source = new string('(', 100) + "1" + new string(')', 100);

        var problem = Assert.Single(CelExpression.Compile(source, CelEnvironment.Create()).Diagnostics);

        Assert.Equal("expression nesting exceeds the limit of 64 at 1:65", problem.ToString());
    }

    [Fact]
    public void Compile_LongOperatorChain_RefusedByTreeHeight()
    {
        var source = string.Join(" + ", Enumerable.Repeat("1", 300));

        var problem = Assert.Single(CelExpression.Compile(source, CelEnvironment.Create()).Diagnostics);

        Assert.StartsWith("expression tree is higher than the limit of 256 at 1:", problem.ToString());
    }

    [Fact]
    public void Compile_SourceLongerThanLimit_Refused()
    {
        var env = CelEnvironment.Create().WithLimits(CelLimits.Default with { MaxSourceLength = 10 });

        var problem = Assert.Single(CelExpression.Compile("1 + 2 + 3 + 4", env).Diagnostics);

        Assert.Equal("expression is 13 characters long, more than the limit of 10 at 1:1", problem.ToString());
    }

    [Fact]
    public void Evaluate_NestedComprehensionsOverBigLists_StoppedByCostBudget()
    {
        var expression = CelExpression.Compile("input.all(x, input.all(y, input.all(z, x + y + z >= 0)))", ListInput()).Expression!;

        var result = expression.Evaluate(CelActivation.Empty.WithInput(Numbers(1000)));

        Assert.Equal("evaluation cost exceeds the limit of 100000 steps", result.Error);
        Assert.InRange(result.Cost, 100_001, 100_100);
    }

    [Fact]
    public void Evaluate_CostExhaustion_IsNotAbsorbedByLogicalOr()
    {
        var expression = CelExpression.Compile("input.all(x, input.all(y, x != y || x == y)) || true", ListInput()).Expression!;

        var result = expression.Evaluate(CelActivation.Empty.WithInput(Numbers(1000)));

        Assert.Equal("evaluation cost exceeds the limit of 100000 steps", result.Error);
    }

    [Fact]
    public void Evaluate_SmallListWithinBudget_ReportsItsCost()
    {
        var expression = CelExpression.Compile("input.all(x, x >= 0)", ListInput()).Expression!;

        var result = expression.Evaluate(CelActivation.Empty.WithInput(Numbers(10)));

        Assert.True(result.IsTrue);
        Assert.InRange(result.Cost, 10, 100);
    }

    [Fact]
    public void Evaluate_StringGrowthBeyondLimit_IsAnError()
    {
        var env = CelEnvironment.Create().WithLimits(CelLimits.Default with { MaxStringLength = 1000 });
        var expression = CelExpression.Compile("input + input + input", env).Expression!;

        var result = expression.Evaluate(CelActivation.Empty.WithInput(JsonDocument.Parse($"\"{new string('x', 400)}\"").RootElement));

        Assert.Equal("string length exceeds the limit of 1000", result.Error);
    }

    [Fact]
    public void Evaluate_ListGrowthBeyondLimit_IsAnError()
    {
        var expression = CelExpression.Compile("input.map(x, x) + input", ListInput(CelLimits.Default with { MaxListLength = 1500 })).Expression!;

        var result = expression.Evaluate(CelActivation.Empty.WithInput(Numbers(1000)));

        Assert.Equal("list length exceeds the limit of 1500", result.Error);
    }

    [Fact]
    public void Evaluate_HugeJsonInput_RefusedBeforeEvaluation()
    {
        var expression = CelExpression.Compile("size(input) > 0", ListInput(CelLimits.Default with { MaxInputValues = 5000 })).Expression!;

        var result = expression.Evaluate(CelActivation.Empty.WithInput(Numbers(10_000)));

        Assert.Equal("JSON input has more than 5000 values", result.Error);
        Assert.Equal(0, result.Cost);
    }

    [Fact]
    public void Evaluate_DeeplyNestedJsonInput_Refused()
    {
        var json = JsonDocument.Parse(new string('[', 100) + new string(']', 100), new JsonDocumentOptions { MaxDepth = 200 }).RootElement;
        var expression = CelExpression.Compile("size(input) > 0", CelEnvironment.Create()).Expression!;

        var result = expression.Evaluate(CelActivation.Empty.WithInput(json));

        Assert.StartsWith("JSON input nests deeper than 64 levels at input[0]", result.Error);
    }

    [Fact]
    public void Evaluate_CatastrophicBacktrackingPattern_RunsLinearlyAndAnswers()
    {
        var env = CelEnvironment.Create().WithLimits(CelLimits.Default with { MaxCost = 1_000_000 });
        var expression = CelExpression.Compile("input.matches('^(a+)+$')", env).Expression!;

        var result = expression.Evaluate(CelActivation.Empty.WithInput(JsonDocument.Parse($"\"{new string('a', 50_000)}b\"").RootElement));

        Assert.Equal(false, result.Value);
    }
}
