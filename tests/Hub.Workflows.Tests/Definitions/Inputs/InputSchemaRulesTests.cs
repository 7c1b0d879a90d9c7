using System.Text.Json;
using Hub.Workflows.Activities;
using Hub.Workflows.Definitions;
using Hub.Workflows.Definitions.Inputs;
using Hub.Workflows.Tests.Runtime;

namespace Hub.Workflows.Tests.Definitions.Inputs;

public sealed class InputSchemaRulesTests
{
    private static IReadOnlyList<string> Problems(string schema) => InputSchemaRules.Problems(JsonDocument.Parse(schema).RootElement);

    [Fact]
    public void Problems_EveryShippedInputSchema_HasNone()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(SharedData.RepositoryRoot(), "workflows"), "*.json"))
        {
            var definition = WorkflowDefinitions.Read(File.ReadAllBytes(file));
            Assert.True(definition.InputSchema is not null, file);
            Assert.Empty(InputSchemaRules.Problems(definition.InputSchema!.Value));
        }
    }

    [Fact]
    public void Problems_UnsupportedAndMalformedKeywords_AreEachNamedWithTheirLocation()
    {
        var problems = Problems("""
            {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","title":"t","required":["a","a"],
             "properties":{"a":{"type":"text"},"b":{"oneOf":[{"type":"string"}]},"c":{"pattern":"("},"d":{"format":"hostname"},
                           "e":{"minLength":-1},"f":{"multipleOf":0},"g":{"items":[{"type":"string"}]}},
             "$ref":"#/x"}
            """);

        Assert.Equal(9, problems.Count);
        Assert.Equal("required must be an array of distinct property names", problems[0]);
        Assert.StartsWith("properties.a.type must be one of null, boolean", problems[1], StringComparison.Ordinal);
        Assert.StartsWith("properties.b.oneOf: keyword 'oneOf' is not supported", problems[2], StringComparison.Ordinal);
        Assert.StartsWith("properties.c.pattern is not a valid ECMAScript regular expression", problems[3], StringComparison.Ordinal);
        Assert.Equal("properties.d.format must be one of date, date-time, time, email, uuid", problems[4]);
        Assert.Equal("properties.e.minLength must be a non-negative integer", problems[5]);
        Assert.Equal("properties.f.multipleOf must be a number greater than 0", problems[6]);
        Assert.Equal("properties.g.items must be an object or a boolean", problems[7]);
        Assert.StartsWith("$ref: keyword '$ref' is not supported", problems[8], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DefinitionWithAnUnsupportedKeyword_IsAPublishProblem()
    {
        var definition = new FlowBuilder().Node("start", "Start").Node("end", "End").Edges("start.Done -> end")
            .InputSchema("""{"type":"object","properties":{"amount":{"anyOf":[{"type":"number"}]}}}""").Build();

        var problems = WorkflowDefinitions.Validate(definition, ActivityRegistry.CreateCore());

        var problem = Assert.Single(problems);
        Assert.Equal(DefinitionProblemCodes.InvalidInputSchema, problem.Code);
        Assert.StartsWith("inputSchema: properties.amount.anyOf: keyword 'anyOf' is not supported", problem.Message, StringComparison.Ordinal);
    }
}
