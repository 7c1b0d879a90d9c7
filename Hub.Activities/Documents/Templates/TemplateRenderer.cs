using System.Text.Json;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Hub.Workflows.Expressions;

namespace Hub.Activities.Documents.Templates;

/// <summary>
/// Fills one part (body, header or footer) of a template: content controls (w:sdt, ECMA-376 Part 1 §17.5.2) bound
/// by their tag, then <c>{{…}}</c> merge text in the remaining paragraphs. Bound content controls are unwrapped, so
/// the output carries the content without the controls.
/// </summary>
internal sealed class TemplateRenderer
{
    private readonly TemplateRenderOptions options;
    private readonly ConditionEvaluator conditions;
    private int copies;

    public TemplateRenderer(TemplateRenderOptions options, ConditionEvaluator conditions)
    {
        this.options = options;
        this.conditions = conditions;
    }

    public void Render(OpenXmlPart part, OpenXmlElement root, DataScope scope) =>
        RenderChildren(part, root, scope, 0);

    private void RenderChildren(OpenXmlPart part, OpenXmlElement container, DataScope scope, int depth)
    {
        foreach (var child in container.ChildElements.ToList())
        {
            if (child is SdtElement sdt)
            {
                RenderControl(part, sdt, scope, depth);
                continue;
            }

            if (child.HasChildren)
            {
                RenderChildren(part, child, scope, depth);
            }

            if (child is Paragraph paragraph)
            {
                MergeText.Apply(paragraph, b => Field(b, scope));
            }
        }
    }

    private void RenderControl(OpenXmlPart part, SdtElement sdt, DataScope scope, int depth)
    {
        if (depth >= options.Limits.MaxNestingDepth)
        {
            throw new TemplateRenderException(Tag(sdt) ?? "(content control)",
                $"Content controls are nested more than {options.Limits.MaxNestingDepth} deep.");
        }

        var content = Content(sdt);
        var binding = Parse(sdt);
        if (binding is null || content is null)
        {
            if (content is not null)
            {
                RenderChildren(part, content, scope, depth + 1);
            }

            return;
        }

        switch (binding.Kind)
        {
            case TemplateBindingKind.Repeat:
                Repeat(part, sdt, content, binding, scope, depth);
                break;
            case TemplateBindingKind.If when conditions.IsTrue(binding, scope):
                RenderChildren(part, content, scope, depth + 1);
                Unwrap(sdt, content);
                break;
            case TemplateBindingKind.If:
                Remove(sdt);
                break;
            case TemplateBindingKind.Image:
                ImageFill.Replace(part, content, binding, scope.Resolve(binding.Target), options.Limits);
                Unwrap(sdt, content);
                break;
            default:
                SetFieldText(content, Field(binding, scope));
                Unwrap(sdt, content);
                break;
        }
    }

    private void Repeat(OpenXmlPart part, SdtElement sdt, OpenXmlElement content, TemplateBinding binding,
        DataScope scope, int depth)
    {
        var items = scope.Resolve(binding.Target);
        if (items is not { ValueKind: JsonValueKind.Array } list)
        {
            throw new TemplateRenderException(binding.Source, items is null
                ? $"The repeat '{binding.Source}' has no data: '{binding.Target}' is missing."
                : $"The repeat '{binding.Source}' needs a list at '{binding.Target}', not {items.Value.ValueKind.ToString().ToLowerInvariant()}.");
        }

        var count = list.GetArrayLength();
        if (count > options.Limits.MaxRepeatItems)
        {
            throw new TemplateRenderException(binding.Source,
                $"The repeat '{binding.Source}' has {count} items, more than the limit of {options.Limits.MaxRepeatItems}.");
        }

        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (++copies > options.Limits.MaxRepeatedCopies)
            {
                throw new TemplateRenderException(binding.Source,
                    $"The render repeats content more than {options.Limits.MaxRepeatedCopies} times in all (at '{binding.Source}').");
            }

            var copy = content.CloneNode(true);
            RenderChildren(part, copy, scope.Push(item, index++), depth + 1);
            foreach (var element in copy.ChildElements.ToList())
            {
                element.Remove();
                sdt.InsertBeforeSelf(element);
            }
        }

        Remove(sdt);
    }

    private string Field(TemplateBinding binding, DataScope scope)
    {
        if (binding.Kind != TemplateBindingKind.Field)
        {
            throw new TemplateRenderException(binding.Source,
                $"The merge text '{binding.Source}' can only be a field; repeats, conditions and images need a content control.");
        }

        return binding.Format.Apply(scope.Resolve(binding.Target), binding.Source, options.TimeZone);
    }

    private static void SetFieldText(OpenXmlElement content, string value)
    {
        var texts = content.Descendants<Text>().ToList();
        if (texts.Count == 0)
        {
            var run = new Run(new Text(value) { Space = SpaceProcessingModeValues.Preserve });
            var host = content is SdtContentRun ? content : content.Descendants<Paragraph>().FirstOrDefault();
            if (host is null)
            {
                content.AppendChild(new Paragraph(run));
            }
            else
            {
                host.AppendChild(run);
            }

            return;
        }

        MergeText.SetText(texts[0], value);
        // Word shows an empty control's prompt in the PlaceholderText style (grey); the value must not inherit it.
        texts[0].Ancestors<Run>().FirstOrDefault()?.RunProperties?.RunStyle?.Remove();
        foreach (var extra in texts.Skip(1))
        {
            extra.Remove();
        }
    }

    private static TemplateBinding? Parse(SdtElement sdt)
    {
        try
        {
            return TemplateBinding.FromTag(Tag(sdt));
        }
        catch (FormatException e)
        {
            throw new TemplateRenderException(Tag(sdt)!, e.Message);
        }
    }

    internal static string? Tag(SdtElement sdt) => sdt.SdtProperties?.GetFirstChild<Tag>()?.Val?.Value;

    internal static OpenXmlElement? Content(SdtElement sdt) =>
        sdt.ChildElements.FirstOrDefault(e => e.LocalName == "sdtContent");

    private static void Unwrap(SdtElement sdt, OpenXmlElement content)
    {
        foreach (var element in content.ChildElements.ToList())
        {
            element.Remove();
            sdt.InsertBeforeSelf(element);
        }

        Remove(sdt);
    }

    private static void Remove(SdtElement sdt)
    {
        var parent = sdt.Parent;
        sdt.Remove();
        // A table cell must end with a paragraph (§17.4.66); removing its only content would corrupt the table.
        if (parent is TableCell cell && !cell.Elements<Paragraph>().Any() && !cell.Elements<Table>().Any())
        {
            cell.AppendChild(new Paragraph());
        }
    }
}
