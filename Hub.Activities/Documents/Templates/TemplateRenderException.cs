namespace Hub.Activities.Documents.Templates;

/// <summary>Filling a template failed on its data: a repeat over missing data or over something that is not a list, a
/// value of the wrong type for its format, a condition that did not evaluate to a boolean, an image that is not
/// PNG or JPEG. <see cref="Field"/> names the binding.</summary>
public sealed class TemplateRenderException : Exception
{
    /// <summary>Creates the exception for the binding <paramref name="field"/>.</summary>
    public TemplateRenderException(string field, string message)
        : base(message) => Field = field;

    /// <summary>The binding that failed as written in the template (tag or merge text), e.g. <c>repeat:items</c>.</summary>
    public string Field { get; }
}
