using System.Collections.Concurrent;
using System.Text.Json;
using Hub.Workflows.Expressions;

namespace Hub.Activities.Documents.Templates;

/// <summary>
/// Evaluates <c>if:</c> conditions with the engine's CEL subset (docs/expressions.md): the data is <c>input</c>;
/// inside a repeat the current element is <c>vars.item</c> and its 1-based position <c>vars.index</c>.
/// </summary>
internal sealed class ConditionEvaluator
{
    public const string ItemVariable = "item";
    public const string IndexVariable = "index";

    private static readonly JsonElement AnySchema = JsonDocument.Parse("{}").RootElement;
    private static readonly JsonElement IntegerSchema = JsonDocument.Parse("""{"type":"integer"}""").RootElement;

    private readonly CelEnvironment topLevel;
    private readonly CelEnvironment inRepeat;
    private readonly ConcurrentDictionary<(string, bool), CelCompileResult> compiled = new();

    public ConditionEvaluator(JsonElement? inputSchema)
    {
        topLevel = inputSchema is { } schema ? CelEnvironment.Create().WithInputSchema(schema) : CelEnvironment.Create();
        inRepeat = topLevel.WithVariable(ItemVariable, AnySchema).WithVariable(IndexVariable, IntegerSchema);
    }

    /// <summary>The environment a condition is checked in, with the repeat element typed by its schema when known.</summary>
    public CelEnvironment Environment(JsonElement? itemSchema) => itemSchema is { } item
        ? topLevel.WithVariable(ItemVariable, item).WithVariable(IndexVariable, IntegerSchema)
        : topLevel;

    public bool IsTrue(TemplateBinding binding, DataScope scope)
    {
        var repeating = scope.Index >= 0;
        var result = compiled.GetOrAdd((binding.Target, repeating),
            key => CelExpression.Compile(key.Item1, key.Item2 ? inRepeat : topLevel));
        if (!result.Succeeded)
        {
            throw new TemplateRenderException(binding.Source, $"The condition '{binding.Source}' does not compile: "
                + string.Join("; ", result.Diagnostics.Select(d => d.ToString())));
        }

        var activation = CelActivation.Empty.WithInput(scope.Root);
        if (repeating)
        {
            activation = activation.WithVariable(ItemVariable, scope.Value).WithVariable(IndexVariable, (long)scope.Index + 1);
        }

        var value = result.Expression!.Evaluate(activation);
        if (value.IsError)
        {
            throw new TemplateRenderException(binding.Source, $"The condition '{binding.Source}' failed: {value.Error}.");
        }

        return value.Value is bool b
            ? b
            : throw new TemplateRenderException(binding.Source,
                $"The condition '{binding.Source}' gave {value} instead of true or false.");
    }
}
