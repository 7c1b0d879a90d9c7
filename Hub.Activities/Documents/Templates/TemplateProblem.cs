namespace Hub.Activities.Documents.Templates;

/// <summary>One problem a template has against its workflow's input schema.</summary>
/// <param name="Binding">The binding as written in the template: a tag such as <c>repeat:items</c> or merge text such
/// as <c>{{total|uppercase}}</c>.</param>
/// <param name="Message">What is wrong, e.g. <c>unknown field 'vendor.uscc'</c>.</param>
public sealed record TemplateProblem(string Binding, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Binding}: {Message}";
}
