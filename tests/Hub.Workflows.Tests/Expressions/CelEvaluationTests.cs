using System.Text.Json;
using Hub.Workflows.Expressions;

namespace Hub.Workflows.Tests.Expressions;

public sealed class CelEvaluationTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private static CelEvaluationResult Run(string source, CelEnvironment env, CelActivation activation)
    {
        var compiled = CelExpression.Compile(source, env);
        Assert.True(compiled.Succeeded, string.Join("; ", compiled.Diagnostics));
        return compiled.Expression!.Evaluate(activation);
    }

    private static CelEvaluationResult Run(string source) => Run(source, CelEnvironment.Create(), CelActivation.Empty);

    [Theory]
    [InlineData("1/0 > 0 || true", true)]
    [InlineData("true || 1/0 > 0", true)]
    [InlineData("false && 1/0 > 0", false)]
    [InlineData("1/0 > 0 && false", false)]
    [InlineData("[1, 2].exists(x, 2 / (x - 1) > 0)", true)]
    [InlineData("[0, 1].all(x, 2 / x > 5)", false)]
    public void Evaluate_ErrorOnOneSideOfLogic_IsAbsorbedWhenTheOtherSideDecides(string source, bool expected)
    {
        var result = Run(source);

        Assert.False(result.IsError, result.Error);
        Assert.Equal(expected, result.Value);
    }

    [Theory]
    [InlineData("1/0 > 0 && true", "division by zero")]
    [InlineData("true || false ? 1 % 0 : 2", "modulus by zero")]
    [InlineData("9223372036854775807 + 1 > 0", "integer overflow")]
    [InlineData("[1, 2][2]", "invalid_argument: index 2 out of range for a list of size 2")]
    [InlineData("{'a': 1}['b']", "no such key: 'b'")]
    [InlineData("int('12x')", "cannot convert '12x' to int")]
    [InlineData("timestamp('2024-13-01T00:00:00Z')", "cannot parse '2024-13-01T00:00:00Z' as an RFC 3339 timestamp: invalid date or time")]
    [InlineData("'abc'.matches('(a)\\\\1')", "invalid regular expression '(a)\\1'")]
    [InlineData("'abc'.matches('\\\\Qa\\\\E')", "unsupported regular expression construct '\\Q'")]
    public void Evaluate_FailingOperation_PropagatesTheErrorToTheTop(string source, string error)
    {
        var result = Run(source);

        Assert.True(result.IsError);
        Assert.StartsWith(error, result.Error);
        Assert.Null(result.Value);
    }

    [Fact]
    public void Evaluate_ApprovalCondition_ReadsJsonInput()
    {
        var env = CelEnvironment.Create().WithInputSchema(Json("""
            { "type": "object", "properties": { "amount": { "type": "number" }, "category": { "type": "string" } } }
            """));
        var source = "input.amount > 50000.0 && input.category == \"procurement\"";

        Assert.True(Run(source, env, CelActivation.Empty.WithInput(Json("""{ "amount": 72000, "category": "procurement" }"""))).IsTrue);
        Assert.False(Run(source, env, CelActivation.Empty.WithInput(Json("""{ "amount": 100, "category": "procurement" }"""))).IsTrue);
    }

    [Fact]
    public void Evaluate_IntegerValuedJsonNumber_IsIntUnderIntegerAndDoubleUnderNumber()
    {
        var env = CelEnvironment.Create().WithInputSchema(Json("""
            { "type": "object", "properties": { "count": { "type": "integer" }, "amount": { "type": "number" } } }
            """));
        var input = CelActivation.Empty.WithInput(Json("""{ "count": 3, "amount": 3, "extra": 3 }"""));

        Assert.Equal(3L, Run("input.count", env, input).Value);
        Assert.Equal(3.0, Run("input.amount", env, input).Value);
        Assert.Equal("int", Run("type(input.count)", env, input).Value);
        Assert.Equal("double", Run("type(input.amount)", env, input).Value);
        Assert.Equal("double", Run("type(input.extra)", CelEnvironment.Create(), input).Value);
    }

    [Fact]
    public void Evaluate_FractionalNumberUnderIntegerSchema_IsAnErrorOnlyWhereRead()
    {
        var env = CelEnvironment.Create().WithInputSchema(Json("""
            { "type": "object", "properties": { "count": { "type": "integer" }, "name": { "type": "string" } } }
            """));
        var input = CelActivation.Empty.WithInput(Json("""{ "count": 1.5, "name": "x" }"""));

        Assert.Equal("input.count: 1.5 is not an int", Run("input.count == 1", env, input).Error);
        Assert.True(Run("input.name == 'x'", env, input).IsTrue);
    }

    [Fact]
    public void Evaluate_NumberBeyondDoubleRange_BindsAsInfinity()
    {
        var input = CelActivation.Empty.WithInput(Json("""{ "x": 1e400 }"""));

        Assert.Equal(double.PositiveInfinity, Run("input.x", CelEnvironment.Create(), input).Value);
        Assert.True(Run("input.x > 1.7976931348623157e308", CelEnvironment.Create(), input).IsTrue);
    }

    [Fact]
    public void Evaluate_DateTimeInputAndNow_CompareAsTimestamps()
    {
        var env = CelEnvironment.Create().WithInputSchema(Json("""
            { "type": "object", "properties": { "due": { "type": "string", "format": "date-time" } } }
            """));
        var activation = CelActivation.Empty
            .WithInput(Json("""{ "due": "2026-11-20T08:00:00+08:00" }"""))
            .WithNow(new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero));

        var elapsed = Run("now - input.due == duration('24h') && input.due.getHours('Asia/Shanghai') == 8", env, activation);

        Assert.True(elapsed.IsTrue, elapsed.ToString());
    }

    [Fact]
    public void Evaluate_MissingOptionalField_HasIsFalseAndReadingIsNoSuchKey()
    {
        var env = CelEnvironment.Create().WithInputSchema(Json("""
            { "type": "object", "properties": { "note": { "type": "string" } } }
            """));
        var input = CelActivation.Empty.WithInput(Json("{}"));

        Assert.Equal(false, Run("has(input.note)", env, input).Value);
        Assert.Equal("no such key: 'note'", Run("input.note == ''", env, input).Error);
    }

    [Fact]
    public void Evaluate_ClrVariables_AreBoundByTheirDotNetTypes()
    {
        var env = CelEnvironment.Create().WithVariable("approvers", Json("""{ "type": "array", "items": { "type": "string" } }"""));
        var activation = CelActivation.Empty.WithVariable("approvers", new[] { "li.wei", "zhang.min" });

        var result = Run("vars.approvers.exists_one(a, a.startsWith('zhang')) && size(vars.approvers) == 2", env, activation);

        Assert.True(result.IsTrue, result.ToString());
    }

    [Fact]
    public void Evaluate_SameExpressionFromManyThreads_GivesEachActivationItsOwnResult()
    {
        var env = CelEnvironment.Create().WithInputSchema(Json("""{ "type": "object", "properties": { "n": { "type": "integer" } } }"""));
        var expression = CelExpression.Compile("[1, 2, 3].map(x, x * input.n)", env).Expression!;
        var failures = 0;

        Parallel.For(0, 200, i =>
        {
            var result = expression.Evaluate(CelActivation.Empty.WithInput(Json($$"""{ "n": {{i}} }""")));
            if (result.Value is not List<object?> list || !list.SequenceEqual(new object?[] { (long)i, 2L * i, 3L * i }))
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
    }

    [Fact]
    public void Evaluate_MissingBinding_IsAnUndeclaredReferenceError()
    {
        Assert.Equal("undeclared reference to 'now'", Run("now > timestamp(0)").Error);
    }
}
