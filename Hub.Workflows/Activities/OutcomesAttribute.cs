namespace Hub.Workflows.Activities;

/// <summary>The outcomes an activity may complete with; connections leave from these.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class OutcomesAttribute(params string[] outcomes) : Attribute
{
    /// <summary>The fixed outcomes.</summary>
    public IReadOnlyList<string> Outcomes { get; } = outcomes;

    /// <summary>The name of a list input of <see cref="SwitchCase"/> whose case names are further outcomes, or null.</summary>
    public string? DynamicFromInput { get; init; }
}
