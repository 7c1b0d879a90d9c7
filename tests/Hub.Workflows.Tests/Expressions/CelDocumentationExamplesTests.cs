using System.Text.Json;
using Hub.Workflows.Expressions;

namespace Hub.Workflows.Tests.Expressions;

/// <summary>The approval-domain examples in docs/expressions.md compile and evaluate as documented.</summary>
public sealed class CelDocumentationExamplesTests
{
    private const string Schema = """
        {
          "type": "object",
          "properties": {
            "amount": { "type": "number" },
            "category": { "type": "string" },
            "submittedAt": { "type": "string", "format": "date-time" },
            "contractEnd": { "type": "string", "format": "date-time" },
            "attachments": { "type": "array", "items": { "type": "string" } },
            "vendor": { "type": "object", "properties": { "uscc": { "type": "string" } } },
            "items": { "type": "array", "items": { "type": "object", "properties": {
              "qty": { "type": "integer" }, "unitPrice": { "type": "number" }, "category": { "type": "string" } } } }
          }
        }
        """;

    private const string Input = """
        {
          "amount": 72000, "category": "procurement",
          "submittedAt": "2026-11-17T09:00:00+08:00", "contractEnd": "2027-06-30T00:00:00+08:00",
          "attachments": ["contract.pdf", "quote.xlsx"],
          "vendor": { "uscc": "91350100M000100Y43" },
          "items": [ { "qty": 2, "unitPrice": 30000.0, "category": "hardware" }, { "qty": 1, "unitPrice": 12000.0, "category": "services" } ]
        }
        """;

    [Theory]
    [InlineData("input.amount > 50000.0 && input.category == \"procurement\"")]
    [InlineData("input.items.all(i, i.qty > 0 && i.unitPrice * double(i.qty) <= 200000.0)")]
    [InlineData("input.items.exists(i, i.category in [\"hardware\", \"software\"])")]
    [InlineData("has(input.vendor.uscc) && input.vendor.uscc.matches('^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$')")]
    [InlineData("now - input.submittedAt > duration('72h')")]
    [InlineData("input.contractEnd.getFullYear('Asia/Shanghai') >= 2027")]
    [InlineData("size(input.attachments.filter(a, a.endsWith('.pdf'))) >= 1")]
    public void Example_FromDocumentation_IsTrueForASampleProcurement(string source)
    {
        var env = CelEnvironment.Create().WithInputSchema(JsonDocument.Parse(Schema).RootElement);
        var compiled = CelExpression.Compile(source, env);
        Assert.True(compiled.Succeeded, string.Join("; ", compiled.Diagnostics));
        Assert.Equal("bool", compiled.Expression!.ResultType);

        var result = compiled.Expression.Evaluate(CelActivation.Empty
            .WithInput(JsonDocument.Parse(Input).RootElement)
            .WithNow(new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero)));

        Assert.True(result.IsTrue, result.ToString());
    }
}
