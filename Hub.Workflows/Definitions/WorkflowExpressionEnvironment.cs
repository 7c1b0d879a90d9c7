using Hub.Workflows.Expressions;

namespace Hub.Workflows.Definitions;

/// <summary>The CEL environment of a definition: <c>input</c> typed by its input schema, <c>vars</c> by its variables.</summary>
internal static class WorkflowExpressionEnvironment
{
    public static CelEnvironment For(WorkflowDefinition definition)
    {
        var env = CelEnvironment.Create();
        if (definition.InputSchema is { } schema)
        {
            env = env.WithInputSchema(schema);
        }

        foreach (var variable in definition.Variables.DistinctBy(v => v.Name))
        {
            env = env.WithVariable(variable.Name, variable.Schema);
        }

        return env;
    }
}
