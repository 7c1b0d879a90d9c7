using System.Diagnostics;
using System.Text.Json;
using Hub.Workflows.Definitions.Inputs;

namespace Hub.Workflows.Tests.Definitions.Inputs;

public sealed class InputSchemaValidatorTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private static string[] Problems(string schema, string instance, InputLimits? limits = null) =>
        InputSchemaValidator.Validate(Json(schema), Json(instance), limits ?? InputLimits.Default).Select(p => p.ToString()).ToArray();

    [Theory]
    [InlineData("""{"type":"string"}""", "\"x\"")]
    [InlineData("""{"type":"integer"}""", "3")]
    [InlineData("""{"type":"integer"}""", "3.0")]
    [InlineData("""{"type":"number"}""", "3.5")]
    [InlineData("""{"type":"null"}""", "null")]
    [InlineData("""{"type":"boolean"}""", "false")]
    [InlineData("""{"type":["string","null"]}""", "null")]
    [InlineData("""{"enum":["a",1]}""", "1.0")]
    [InlineData("""{"const":{"a":[1,2]}}""", """{"a":[1,2]}""")]
    [InlineData("""{"minimum":1,"maximum":3}""", "3")]
    [InlineData("""{"exclusiveMinimum":0,"exclusiveMaximum":1}""", "0.5")]
    [InlineData("""{"multipleOf":0.01}""", "6345.61")]
    [InlineData("""{"minLength":2,"maxLength":2}""", "\"六万\"")]
    [InlineData("""{"maxLength":1}""", "\"😀\"")]
    [InlineData("""{"pattern":"^BX-\\d+$"}""", "\"BX-12\"")]
    [InlineData("""{"format":"date"}""", "\"2024-02-29\"")]
    [InlineData("""{"format":"date-time"}""", "\"2026-12-07T09:30:00.123+08:00\"")]
    [InlineData("""{"format":"date-time"}""", "\"2026-12-07t01:30:00z\"")]
    [InlineData("""{"format":"time"}""", "\"23:59:60Z\"")]
    [InlineData("""{"format":"email"}""", "\"east.buyer@example.com\"")]
    [InlineData("""{"format":"email"}""", "\"\\\"a b\\\"@[192.168.0.1]\"")]
    [InlineData("""{"format":"uuid"}""", "\"0f8fad5b-d9cb-469f-a165-70867728950e\"")]
    [InlineData("""{"items":{"type":"integer"},"minItems":1,"maxItems":2,"uniqueItems":true}""", "[1,2]")]
    [InlineData("""{"additionalProperties":{"type":"string"}}""", """{"a":"x"}""")]
    [InlineData("true", "{}")]
    public void Validate_ValidInstance_HasNoProblems(string schema, string instance) => Assert.Empty(Problems(schema, instance));

    [Theory]
    [InlineData("""{"type":"string"}""", "1", "$: must be a string, not an integer")]
    [InlineData("""{"type":"integer"}""", "1.5", "$: must be an integer, not a number")]
    [InlineData("""{"type":["string","null"]}""", "true", "$: must be a string or null, not a boolean")]
    [InlineData("""{"enum":["a","b"]}""", "\"c\"", "$: must be one of \"a\", \"b\"")]
    [InlineData("""{"const":1}""", "2", "$: must be 1")]
    [InlineData("""{"minimum":1}""", "0.5", "$: must be at least 1")]
    [InlineData("""{"maximum":1}""", "1.5", "$: must be at most 1")]
    [InlineData("""{"exclusiveMinimum":0}""", "0", "$: must be greater than 0")]
    [InlineData("""{"exclusiveMaximum":1}""", "1", "$: must be less than 1")]
    [InlineData("""{"multipleOf":0.01}""", "1.005", "$: must be a multiple of 0.01")]
    [InlineData("""{"minLength":3}""", "\"六万\"", "$: must be at least 3 characters long")]
    [InlineData("""{"maxLength":1}""", "\"ab\"", "$: must be at most 1 characters long")]
    [InlineData("""{"pattern":"^BX-\\d+$"}""", "\"BX-1a\"", "$: must match the pattern ^BX-\\d+$")]
    [InlineData("""{"format":"date"}""", "\"2023-02-29\"", "$: must be a date (RFC 3339 full-date, e.g. 2026-12-07)")]
    [InlineData("""{"format":"date-time"}""", "\"2026-12-07 09:30:00\"", "$: must be a date and time (RFC 3339, e.g. 2026-12-07T09:30:00+08:00)")]
    [InlineData("""{"format":"time"}""", "\"24:00:00Z\"", "$: must be a time (RFC 3339 full-time, e.g. 09:30:00+08:00)")]
    [InlineData("""{"format":"email"}""", "\"a..b@example.com\"", "$: must be an e-mail address (RFC 5321 mailbox)")]
    [InlineData("""{"format":"email"}""", "\"a@-example.com\"", "$: must be an e-mail address (RFC 5321 mailbox)")]
    [InlineData("""{"format":"uuid"}""", "\"0f8fad5b-d9cb-469f-a165-70867728950\"", "$: must be a UUID (8-4-4-4-12 hexadecimal digits)")]
    [InlineData("""{"minItems":2}""", "[1]", "$: must have at least 2 item(s)")]
    [InlineData("""{"maxItems":1}""", "[1,2]", "$: must have at most 1 item(s)")]
    [InlineData("""{"uniqueItems":true}""", "[1,2,1.0]", "$[2]: repeats item 0; items must be unique")]
    [InlineData("""{"items":{"type":"string"}}""", "[\"a\",2]", "$[1]: must be a string, not an integer")]
    [InlineData("""{"required":["a b"]}""", "{}", "$['a b']: is required")]
    [InlineData("""{"properties":{"a":{"type":"string"}},"additionalProperties":false}""", """{"a":"x","b":1}""", "$.b: is not a field of this request")]
    [InlineData("""{"additionalProperties":{"type":"string"}}""", """{"b":1}""", "$.b: must be a string, not an integer")]
    [InlineData("false", "1", "$: no value is allowed here")]
    public void Validate_InvalidInstance_NamesThePathAndTheRule(string schema, string instance, string problem) =>
        Assert.Equal([problem], Problems(schema, instance));

    [Fact]
    public void Validate_ExpenseStartWithWrongTypesAndMissingFields_ListsEveryProblemInDocumentOrder()
    {
        const string schema = """
            {"type":"object","required":["requestNo","amount","form"],"properties":{
              "requestNo":{"type":"string","minLength":1},"amount":{"type":"number","exclusiveMinimum":0},
              "form":{"type":"object","required":["items"],"properties":{"items":{"type":"array","items":{"type":"object",
                "properties":{"date":{"type":"string","format":"date"},"amount":{"type":"number"}}}}}}}}
            """;

        Assert.Equal(["$.requestNo: is required", "$.form: is required", "$.amount: must be a number, not a string"],
            Problems(schema, """{"amount":"六万"}"""));
        Assert.Equal(["$.requestNo: is required", "$.amount: is required", "$.form: is required"], Problems(schema, "{}"));
        Assert.Equal(["$.requestNo: must be at least 1 characters long", "$.amount: must be greater than 0",
                "$.form.items[0].date: must be a date (RFC 3339 full-date, e.g. 2026-12-07)", "$.form.items[1].amount: must be a number, not a string"],
            Problems(schema, """{"requestNo":"","amount":-1,"form":{"items":[{"date":"07/12/2026"},{"amount":"1"}]}}"""));
    }

    [Fact]
    public void Validate_CatastrophicPattern_RefusesTheValueWithinTheTimeout()
    {
        var limits = InputLimits.Default with { PatternTimeout = TimeSpan.FromMilliseconds(50) };
        var clock = Stopwatch.StartNew();

        var problems = Problems("""{"pattern":"^(a+)+$"}""", "\"" + new string('a', 5000) + "!\"", limits);

        Assert.Equal(["$: could not be checked against the pattern ^(a+)+$ in time, so it is refused"], problems);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public void ValidateStart_DeepNesting_IsOneProblemAndNotWalked()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + new string('}', 40);
        var schema = Json("""{"type":"object","additionalProperties":true}""");

        var problems = InputSchemaValidator.ValidateStart(schema, Json(deep), InputLimits.Default);

        var problem = Assert.Single(problems);
        Assert.Equal("the value nests deeper than 32 levels", problem.Message);
        Assert.StartsWith("$.a.a.a", problem.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DeepSchemaAndValue_StopsAtTheLimitInsteadOfRecursing()
    {
        const int depth = 200;
        var schema = string.Concat(Enumerable.Repeat("{\"properties\":{\"a\":", depth)) + "{\"type\":\"string\"}" + new string('}', 2 * depth);
        var value = string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
        var options = new JsonDocumentOptions { MaxDepth = 1000 };

        var problems = InputSchemaValidator.Validate(JsonDocument.Parse(schema, options).RootElement, JsonDocument.Parse(value, options).RootElement,
            InputLimits.Default);

        Assert.Equal("the value nests deeper than 32 levels", Assert.Single(problems).Message);
    }

    [Fact]
    public void ValidateStart_HugeStringAndHugeDocument_AreRefusedByTheLimits()
    {
        var limits = InputLimits.Default with { MaxStringLength = 10, MaxInputBytes = 1000 };
        var schema = Json("""{"type":"object"}""");

        var longString = InputSchemaValidator.ValidateStart(schema, Json("""{"note":"一二三四五六七八九十一","ok":"一二三四五六七八九十"}"""), limits);
        var huge = InputSchemaValidator.ValidateStart(schema, Json("{\"note\":\"" + new string('x', 2000) + "\"}"), limits);

        Assert.Equal(["$.note: the text is 11 characters long; at most 10 are accepted"], longString.Select(p => p.ToString()));
        Assert.Equal(["$: the document is 2011 bytes; at most 1000 are accepted"], huge.Select(p => p.ToString()));
    }

    [Fact]
    public void Validate_ManyProblems_AreCappedWithACount()
    {
        var limits = InputLimits.Default with { MaxProblems = 3 };

        var problems = Problems("""{"items":{"type":"string"}}""", "[1,2,3,4,5]", limits);

        Assert.Equal(["$[0]: must be a string, not an integer", "$[1]: must be a string, not an integer", "$[2]: must be a string, not an integer",
            "$: 2 more problem(s) not listed"], problems);
    }
}
