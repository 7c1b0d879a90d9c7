using System.Text.Json;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using Hub.Workflows.Expressions;

namespace Hub.Activities.Documents.Templates;

/// <summary>
/// Checks every binding of a template against the workflow's input schema before the template is published: unknown
/// fields, values whose schema type does not suit the format (an uppercase amount over a string, a repeat over an
/// object), malformed tags, and conditions that do not type-check as bool in the engine's CEL subset.
/// </summary>
internal sealed class TemplateValidator
{
    private readonly ConditionEvaluator conditions;
    private readonly List<TemplateProblem> problems = [];

    public TemplateValidator(JsonElement inputSchema) => conditions = new ConditionEvaluator(inputSchema);

    public IReadOnlyList<TemplateProblem> Problems => problems;

    public void Validate(OpenXmlElement root, SchemaScope scope)
    {
        foreach (var child in root.ChildElements)
        {
            if (child is SdtElement sdt)
            {
                Control(sdt, scope);
                continue;
            }

            if (child.HasChildren)
            {
                Validate(child, scope);
            }

            if (child is Paragraph paragraph)
            {
                MergeFields(paragraph, scope);
            }
        }
    }

    private void Control(SdtElement sdt, SchemaScope scope)
    {
        var tag = TemplateRenderer.Tag(sdt);
        var content = TemplateRenderer.Content(sdt);
        TemplateBinding? binding;
        try
        {
            binding = TemplateBinding.FromTag(tag);
        }
        catch (FormatException e)
        {
            problems.Add(new TemplateProblem(tag!, e.Message));
            return;
        }

        switch (binding?.Kind)
        {
            case TemplateBindingKind.Repeat:
                var (list, problem) = scope.Resolve(binding.Target);
                var type = list is { } s ? SchemaScope.TypeOf(s) : null;
                if (problem is not null || (type is not null && type != "array"))
                {
                    problems.Add(new TemplateProblem(binding.Source, problem ?? $"a repeat needs a list, but the schema says {type}"));
                    return;
                }

                var items = list!.Value.TryGetProperty("items", out var itemSchema) ? itemSchema : SchemaScope.AnySchema;
                if (content is not null)
                {
                    Validate(content, scope.Push(items));
                }

                return;
            case TemplateBindingKind.If:
                Condition(binding, scope);
                break;
            case TemplateBindingKind.Image:
                Check(binding, scope, ["string"], "an image needs base64 text");
                break;
            case TemplateBindingKind.Field:
                Check(binding, scope, binding.Format.AcceptedTypes, $"the format '{binding.Format.Name}' needs "
                    + string.Join(" or ", binding.Format.AcceptedTypes));
                return;
        }

        if (content is not null)
        {
            Validate(content, scope);
        }
    }

    private void MergeFields(Paragraph paragraph, SchemaScope scope)
    {
        List<TemplateBinding> found;
        try
        {
            found = MergeText.Find(paragraph).ToList();
        }
        catch (FormatException e)
        {
            problems.Add(new TemplateProblem("{{…}}", e.Message));
            return;
        }

        foreach (var binding in found)
        {
            Check(binding, scope, binding.Format.AcceptedTypes, $"the format '{binding.Format.Name}' needs "
                + string.Join(" or ", binding.Format.AcceptedTypes));
        }
    }

    private void Check(TemplateBinding binding, SchemaScope scope, IReadOnlyList<string> accepted, string need)
    {
        var (schema, problem) = scope.Resolve(binding.Target);
        if (problem is not null)
        {
            problems.Add(new TemplateProblem(binding.Source, problem));
            return;
        }

        var type = SchemaScope.TypeOf(schema!.Value);
        if (type is not null && !accepted.Contains(type))
        {
            problems.Add(new TemplateProblem(binding.Source, $"type mismatch: {need}, but the schema says '{binding.Target}' is {type}"));
        }
    }

    private void Condition(TemplateBinding binding, SchemaScope scope)
    {
        var compiled = CelExpression.Compile(binding.Target, conditions.Environment(scope.ItemSchema));
        if (!compiled.Succeeded)
        {
            foreach (var d in compiled.Diagnostics)
            {
                problems.Add(new TemplateProblem(binding.Source, "condition: " + d));
            }
        }
        else if (compiled.Expression!.ResultType is not ("bool" or "dyn"))
        {
            problems.Add(new TemplateProblem(binding.Source,
                $"type mismatch: a condition must be bool, but this one is {compiled.Expression.ResultType}"));
        }
    }
}
