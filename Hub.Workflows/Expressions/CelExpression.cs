using Hub.Workflows.Expressions.Evaluation;
using Hub.Workflows.Expressions.Syntax;
using Hub.Workflows.Expressions.Types;
using Hub.Workflows.Expressions.Values;

namespace Hub.Workflows.Expressions;

/// <summary>A parsed and type-checked CEL expression (the subset described in docs/expressions.md). Immutable and
/// safe to evaluate from many threads, each evaluation with its own activation and cost budget.</summary>
public sealed class CelExpression
{
    private readonly Expr root;
    private readonly IReadOnlyDictionary<string, CelType> declarations;
    private readonly RegexCache regexes;

    private CelExpression(string source, Expr root, CelType type, CelEnvironment environment)
    {
        Source = source;
        this.root = root;
        ResultType = type.Kind == CelKind.Error ? "dyn" : type.ToString();
        Environment = environment;
        declarations = environment.Declarations();
        regexes = new RegexCache(environment.Limits.MaxPatternLength);
    }

    /// <summary>The source text.</summary>
    public string Source { get; }

    /// <summary>The checked type in CEL notation (<c>bool</c>, <c>int</c>, <c>list(string)</c>, <c>dyn</c> …);
    /// a publisher demands <c>bool</c> for conditions.</summary>
    public string ResultType { get; }

    /// <summary>The environment it was compiled against.</summary>
    public CelEnvironment Environment { get; }

    /// <summary>Parses and type-checks <paramref name="source"/>. Never throws for bad source: every problem is a
    /// diagnostic with its position.</summary>
    public static CelCompileResult Compile(string source, CelEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(environment);
        var (expr, problem) = ParseAndResolve(source, environment);
        if (expr is null)
        {
            return new CelCompileResult(null, [problem!]);
        }

        var (type, problems) = Checker.Check(expr, environment.Declarations());
        if (problems.Count > 0)
        {
            return new CelCompileResult(null,
                [.. problems.OrderBy(p => p.Position).Select(p => CelDiagnostic.At(source, p.Message, p.Position))]);
        }

        return new CelCompileResult(new CelExpression(source, expr, type, environment), []);
    }

    /// <summary>Parses without type-checking, for the conformance cases that disable the checker.</summary>
    internal static CelCompileResult CompileUnchecked(string source, CelEnvironment environment)
    {
        var (expr, problem) = ParseAndResolve(source, environment);
        return expr is null
            ? new CelCompileResult(null, [problem!])
            : new CelCompileResult(new CelExpression(source, expr, CelType.Dyn, environment), []);
    }

    private static (Expr? Expr, CelDiagnostic? Problem) ParseAndResolve(string source, CelEnvironment environment)
    {
        var limits = environment.Limits;
        if (source.Length > limits.MaxSourceLength)
        {
            return (null, new CelDiagnostic(
                $"expression is {source.Length} characters long, more than the limit of {limits.MaxSourceLength}", 1, 1));
        }

        try
        {
            var parsed = Parser.Parse(source, limits.MaxNestingDepth);
            var maxHeight = limits.MaxNestingDepth * 4;
            if (TreeHeight.Exceeds(parsed, maxHeight) is { } deep)
            {
                return (null, CelDiagnostic.At(source, $"expression tree is higher than the limit of {maxHeight}", deep.Position));
            }

            var declared = environment.Declarations();
            return (NameResolver.Resolve(parsed, name => declared.ContainsKey(name)
                || StandardDeclarations.TypeNames.ContainsKey(name)), null);
        }
        catch (CelSyntaxException e)
        {
            return (null, CelDiagnostic.At(source, e.Message, e.Position));
        }
    }

    /// <summary>Evaluates against <paramref name="activation"/>. CEL errors, a missing binding, input beyond the
    /// limits and an exhausted cost budget all come back as an error result, never as an exception.</summary>
    public CelEvaluationResult Evaluate(CelActivation activation)
    {
        ArgumentNullException.ThrowIfNull(activation);
        var limits = Environment.Limits;
        var bindings = new Dictionary<string, CelValue>(StringComparer.Ordinal);
        try
        {
            var binding = new JsonBinding(limits.MaxInputValues, limits.MaxInputDepth);
            foreach (var (name, value) in activation.Names)
            {
                bindings[name] = Bind(binding, value, declarations.GetValueOrDefault(name) ?? CelType.Dyn, name);
            }

            if (declarations.TryGetValue("vars", out var varsType) && varsType.Kind == CelKind.Object)
            {
                bindings["vars"] = MapValue.Create(activation.Variables.Select(v => new KeyValuePair<CelValue, CelValue>(
                    new StringValue(v.Key),
                    Bind(binding, v.Value, varsType.Fields!.GetValueOrDefault(v.Key) ?? CelType.Dyn, "vars." + v.Key))));
            }
        }
        catch (JsonBindingException e)
        {
            return new CelEvaluationResult(new ErrorValue(e.Message), 0);
        }

        var evaluator = new Evaluator(bindings, limits, regexes);
        try
        {
            var result = evaluator.Evaluate(root, null);
            return new CelEvaluationResult(result, evaluator.Cost);
        }
        catch (CostLimitExceededException e)
        {
            return new CelEvaluationResult(new ErrorValue(e.Message), evaluator.Cost);
        }
    }

    private static CelValue Bind(JsonBinding binding, object value, CelType type, string path) => value switch
    {
        CelValue v => v,
        System.Text.Json.JsonElement json => binding.Bind(json, type, path),
        _ => new ErrorValue($"{path}: unsupported binding"),
    };
}
