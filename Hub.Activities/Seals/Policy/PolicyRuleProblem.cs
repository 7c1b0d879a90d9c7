namespace Hub.Activities.Seals.Policy;

/// <summary>One thing wrong with a rule as submitted: which field, and what.</summary>
/// <param name="Field">The field, e.g. <c>condition</c>, <c>maxAmount</c>.</param>
/// <param name="Message">What is wrong, e.g. "undeclared reference to 'amout' at 1:9".</param>
public sealed record PolicyRuleProblem(string Field, string Message);
