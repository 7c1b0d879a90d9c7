using Hub.Workflows.Expressions;
using Hub.Workflows.Expressions.Values;

namespace Hub.Workflows.Tests.Expressions.Conformance;

/// <summary>Runs one SimpleTest (simple.proto): parse, check unless <c>disable_check</c>, evaluate unless
/// <c>check_only</c>, and match the result. Returns null on success, else why it failed.</summary>
internal static class ConformanceRunner
{
    public static string? Run(TextMessage test)
    {
        if (test["container"] is not null)
        {
            return "uses a protobuf container";
        }

        var env = CelEnvironment.Empty;
        foreach (var decl in test.All("type_env").Select(d => d.Message!))
        {
            var type = decl.Message("ident")?.Message("type") is { } t ? ConformanceValues.ToType(t) : null;
            if (type is null)
            {
                return $"declaration of '{decl.Text("name")}' is outside the subset";
            }

            env = env.WithDeclaration(decl.Text("name")!, type);
        }

        var activation = CelActivation.Empty;
        foreach (var binding in test.All("bindings").Select(b => b.Message!))
        {
            var value = binding.Message("value")?.Message("value") is { } v ? ConformanceValues.ToValue(v) : null;
            if (value is null)
            {
                return $"binding of '{binding.Text("key")}' is outside the subset";
            }

            activation = activation.WithBinding(binding.Text("key")!, value);
        }

        var source = test.Text("expr") ?? "";
        var compiled = test.Flag("disable_check")
            ? CelExpression.CompileUnchecked(source, env)
            : CelExpression.Compile(source, env);
        if (!compiled.Succeeded)
        {
            return "compile: " + string.Join("; ", compiled.Diagnostics);
        }

        if (test.Flag("check_only"))
        {
            return null;
        }

        var result = compiled.Expression!.Evaluate(activation);
        if (test["eval_error"] is not null || test["any_eval_errors"] is not null)
        {
            return result.IsError ? null : $"expected an error, got {result}";
        }

        if (test["unknown"] is not null || test["any_unknowns"] is not null || test["typed_result"] is not null)
        {
            return "expects unknowns or a typed result";
        }

        var expected = test.Message("value") is { } e ? ConformanceValues.ToValue(e) : BoolValue.True;
        if (expected is null)
        {
            return "expected value is outside the subset";
        }

        return ConformanceValues.Same(expected, result.Raw)
            ? null
            : $"expected {ValueFormatter.Format(expected)}, got {result}";
    }
}
