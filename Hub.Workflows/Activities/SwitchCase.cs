namespace Hub.Workflows.Activities;

/// <summary>One case of a switch: the outcome taken when its CEL condition is true.</summary>
/// <param name="Outcome">The outcome name.</param>
/// <param name="Condition">A CEL expression of type bool.</param>
public sealed record SwitchCase(string Outcome, string Condition);
