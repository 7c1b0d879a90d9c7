namespace Hub.Workflows.Activities.Core;

/// <summary>Many-way branch: the first case whose condition holds, else Default.</summary>
[Activity("Switch", "Flow", "Switch", "Takes the outcome of the first case whose condition is true, else Default.")]
[Outcomes("Default", DynamicFromInput = "cases")]
internal sealed class SwitchActivity : Activity
{
    [Input(Description = "Cases in order: outcome name and CEL condition.", UiHint = UiHints.SwitchCases, Required = true, LiteralOnly = true)]
    public IReadOnlyList<SwitchCase> Cases { get; set; } = [];

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var match = Cases.FirstOrDefault(c => context.EvaluateCondition(c.Condition));
        return ValueTask.FromResult(ActivityResult.Complete(match?.Outcome ?? "Default"));
    }
}
