using System.Text.Json;
using Hub.Workflows.Expressions;

namespace Hub.Workflows.Tests.Expressions;

public sealed class CelCheckerTests
{
    private const string Schema = """
        {
          "type": "object",
          "properties": {
            "amount": { "type": "number" },
            "count": { "type": "integer" },
            "category": { "type": "string" },
            "submittedAt": { "type": "string", "format": "date-time" },
            "vendor": { "type": "object", "properties": { "name": { "type": "string" } } },
            "items": { "type": "array", "items": { "type": "object", "properties": { "qty": { "type": "integer" } } } }
          },
          "required": ["amount"]
        }
        """;

    private static CelEnvironment Environment() => CelEnvironment.Create()
        .WithInputSchema(JsonDocument.Parse(Schema).RootElement)
        .WithVariable("limit", JsonDocument.Parse("""{ "type": "integer" }""").RootElement);

    private static IReadOnlyList<string> Problems(string source) =>
        CelExpression.Compile(source, Environment()).Diagnostics.Select(d => d.ToString()).ToList();

    [Fact]
    public void Compile_UndeclaredReference_ReportsNamePositionAndSuggestion()
    {
        Assert.Equal(["undeclared reference to 'inpt' (did you mean 'input'?) at 1:1"], Problems("inpt.amount > 1.0"));
    }

    [Fact]
    public void Compile_StringPlusInt_ReportsNoMatchingOverload()
    {
        Assert.Equal(["no matching overload for '_+_' applied to (string, int) at 1:16"], Problems("input.category + 1 == 'x'"));
    }

    [Fact]
    public void Compile_MisspelledField_SuggestsTheSchemaField()
    {
        Assert.Equal(["field 'amout' not found in input (did you mean 'amount'?) at 1:6"], Problems("input.amout > 50000.0"));
    }

    [Fact]
    public void Compile_MisspelledNestedFieldAndVariable_ListsEveryProblemInOrder()
    {
        Assert.Equal(
        [
            "field 'nme' not found in input.vendor (did you mean 'name'?) at 1:13",
            "field 'limt' not found in vars (did you mean 'limit'?) at 1:32",
        ], Problems("input.vendor.nme == 'A' && vars.limt > 3"));
    }

    [Fact]
    public void Compile_ApprovalCondition_IsBool()
    {
        var result = CelExpression.Compile("input.amount > 50000.0 && input.category == \"procurement\"", Environment());

        Assert.True(result.Succeeded, string.Join("; ", result.Diagnostics));
        Assert.Equal("bool", result.Expression!.ResultType);
    }

    [Theory]
    [InlineData("input.count", "int")]
    [InlineData("input.amount", "double")]
    [InlineData("input.submittedAt", "google.protobuf.Timestamp")]
    [InlineData("input.items.map(i, i.qty)", "list(int)")]
    [InlineData("input.items.filter(i, i.qty > 2)", "list(object(input.items[]))")]
    [InlineData("now - input.submittedAt", "google.protobuf.Duration")]
    [InlineData("vars.limit", "int")]
    [InlineData("org.name", "dyn")]
    [InlineData("[1, 'a']", "list(dyn)")]
    public void Compile_SchemaTypedExpressions_ReportTheirType(string source, string type)
    {
        var result = CelExpression.Compile(source, Environment());

        Assert.True(result.Succeeded, string.Join("; ", result.Diagnostics));
        Assert.Equal(type, result.Expression!.ResultType);
    }

    [Theory]
    [InlineData("input.items.all(i, i.qty)", "predicate must be bool, found 'int' at 1:21")]
    [InlineData("input.count.size()", "no matching overload for 'size' applied to int.() at 1:12")]
    [InlineData("input.category.startsWith(1)", "no matching overload for 'startsWith' applied to string.(int) at 1:15")]
    [InlineData("input.count == 'x'", "no matching overload for '_==_' applied to (int, string) at 1:13")]
    [InlineData("input.count.x", "type 'int' does not support field selection at 1:12")]
    [InlineData("frobnicate(1)", "undeclared reference to 'frobnicate' at 1:1")]
    public void Compile_IllTyped_ReportsPreciseMessage(string source, string problem)
    {
        Assert.Equal([problem], Problems(source));
    }

    [Theory]
    [InlineData("1 +", "unexpected end of expression at 1:4")]
    [InlineData("'abc", "unterminated string literal at 1:1")]
    [InlineData("if", "reserved identifier 'if' at 1:1")]
    [InlineData("a.b(", "unexpected end of expression at 1:5")]
    [InlineData("9223372036854775808", "integer literal '9223372036854775808' is out of range at 1:1")]
    [InlineData("[1].all(1 + 1, true)", "argument is not an identifier: the first argument of all() must name a variable at 1:11")]
    [InlineData("Msg{a: 1}", "message construction 'Msg{…}' is not supported: the Hub has no protobuf messages at 1:4")]
    public void Compile_MalformedSource_ReportsSyntaxErrorWithPosition(string source, string problem)
    {
        Assert.Equal([problem], Problems(source));
    }
}
