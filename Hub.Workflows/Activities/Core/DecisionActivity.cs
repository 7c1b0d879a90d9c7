namespace Hub.Workflows.Activities.Core;

/// <summary>Two-way branch on a bool condition; the untaken branch is dead.</summary>
[Activity("Decision", "Flow", "Decision", "Takes True or False by a condition; the other branch is skipped.")]
[Outcomes("True", "False")]
internal sealed class DecisionActivity : Activity
{
    [Input(Description = "A CEL condition, e.g. input.amount > 50000.0.", UiHint = UiHints.Expression, Required = true)]
    public bool Condition { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ActivityResult.Complete(Condition ? "True" : "False"));
}
