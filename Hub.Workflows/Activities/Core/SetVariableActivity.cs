using System.Text.Json;

namespace Hub.Workflows.Activities.Core;

/// <summary>Assigns a workflow variable.</summary>
[Activity("SetVariable", "Data", "Set variable", "Assigns a value to a workflow variable.")]
[Outcomes("Done")]
internal sealed class SetVariableActivity : Activity
{
    [Input(Description = "The variable to set.", UiHint = UiHints.VariablePicker, Required = true, LiteralOnly = true, Order = 0)]
    public string Variable { get; set; } = "";

    [Input(Description = "The value, usually an expression.", UiHint = UiHints.Expression, Required = true, Order = 1)]
    public JsonElement Value { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        context.SetVariable(Variable, Value);
        return ValueTask.FromResult(ActivityResult.Complete("Done"));
    }
}
