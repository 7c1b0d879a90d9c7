using System.Text.Json;
using Hub.Activities.Documents.Templates;
using static Hub.Activities.Tests.Documents.DocxBuilder;

namespace Hub.Activities.Tests.Documents;

public sealed class TemplateValidatorTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse("""
        {"type":"object","properties":{
          "applicant":{"type":"object","properties":{"name":{"type":"string"}}},
          "total":{"type":"number"},
          "note":{"type":["string","null"]},
          "submittedOn":{"type":"string","format":"date"},
          "items":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"amount":{"type":"number"}}}},
          "extra":{"type":"object"}
        }}
        """).RootElement;

    private static TemplateValidationResult Validate(DocxBuilder builder) =>
        DocumentTemplate.Load(builder.Build()).Validate(Schema);

    [Fact]
    public void Validate_MatchingTemplate_NoProblems()
    {
        var result = Validate(new DocxBuilder().Add(
            P(Field("applicant.name", "x"), R("{{total|uppercase}}{{note}}{{submittedOn|date}}{{extra.anything}}")),
            Block("repeat:items", P(R("{{@index}} {{name}} {{amount|currency}} {{applicant.name}}")),
                Block("if:vars.item.amount > input.total", P(R("!")))),
            Block("if:input.total > 100.0", P(R("big")))));

        Assert.Empty(result.Problems);
        Assert.True(result.IsValid);
    }

    [Fact]
    public void Validate_UnknownFieldsAndMismatches_AllListed()
    {
        var result = Validate(new DocxBuilder().Add(
            P(Field("applicant.nmae", "x"), R("{{total|date}}{{applicant.name|uppercase}}{{items}}{{@index}}")),
            Block("repeat:total", P(R("x"))),
            Block("repeat:items", P(R("{{price}}"))),
            Block("if:input.totl > 1.0", P(R("x"))),
            Block("if:input.total + 1.0", P(R("x"))),
            P(R("{{total|roman}}"))));

        Assert.Equal(
        [
            "applicant.nmae: unknown field 'applicant.nmae'",
            "{{total|date}}: type mismatch: the format 'date' needs string, but the schema says 'total' is number",
            "{{applicant.name|uppercase}}: type mismatch: the format 'uppercase' needs number or integer, but the schema says 'applicant.name' is string",
            "{{items}}: type mismatch: the format 'text' needs string or number or integer or boolean, but the schema says 'items' is array",
            "{{@index}}: '@index' is only defined inside a repeat",
            "repeat:total: a repeat needs a list, but the schema says number",
            "{{price}}: unknown field 'price'",
            "if:input.totl > 1.0: condition: field 'totl' not found in input (did you mean 'total'?) at 1:6",
            "if:input.total + 1.0: type mismatch: a condition must be bool, but this one is double",
            "{{…}}: The binding '{{total|roman}}' names an unknown format 'roman' (known: text, date, number, currency, uppercase).",
        ], result.Problems.Select(p => p.ToString()));
    }
}
