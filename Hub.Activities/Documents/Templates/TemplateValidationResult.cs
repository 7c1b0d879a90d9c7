namespace Hub.Activities.Documents.Templates;

/// <summary>The outcome of validating a template against an input schema: every problem found, in document order.</summary>
public sealed class TemplateValidationResult
{
    internal TemplateValidationResult(IReadOnlyList<TemplateProblem> problems) => Problems = problems;

    /// <summary>True when the template may be published.</summary>
    public bool IsValid => Problems.Count == 0;

    /// <summary>Unknown fields, type mismatches, malformed tags and conditions that do not type-check.</summary>
    public IReadOnlyList<TemplateProblem> Problems { get; }
}
