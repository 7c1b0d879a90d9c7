using Hub.Workflows.Definitions.Inputs;

namespace Hub.Workflows.Definitions;

/// <summary>The input schema must be one the start check applies in full (<see cref="InputSchemaRules"/>).</summary>
internal sealed partial class DefinitionValidator
{
    private void CheckInputSchema()
    {
        if (definition.InputSchema is not { } schema)
        {
            return;
        }

        foreach (var problem in InputSchemaRules.Problems(schema))
        {
            Add(DefinitionProblemCodes.InvalidInputSchema, $"inputSchema: {problem}");
        }
    }
}
