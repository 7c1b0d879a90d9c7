using System.Text.Json;
using Hub.Workflows.Activities;
using Hub.Workflows.Expressions;
using Hub.Workflows.HumanTasks;

namespace Hub.Workflows.Definitions;

/// <summary>Checks a definition before publication and returns every problem, each located on a node or connection.
/// This file checks nodes (types, inputs, expressions, outputs); the graph rules are in the partial beside it.</summary>
internal sealed partial class DefinitionValidator(WorkflowDefinition definition, ActivityRegistry registry)
{
    private readonly List<DefinitionProblem> problems = [];
    private readonly FlowGraph graph = new(definition.Flowchart);
    private readonly CelEnvironment environment = WorkflowExpressionEnvironment.For(definition);
    private readonly HashSet<string> variables = [.. definition.Variables.Select(v => v.Name)];

    public static IReadOnlyList<DefinitionProblem> Validate(WorkflowDefinition definition, ActivityRegistry registry)
    {
        var validator = new DefinitionValidator(definition, registry);
        validator.CheckVariables();
        validator.CheckInputSchema();
        foreach (var node in definition.Flowchart.Nodes)
        {
            validator.CheckNode(node);
        }

        validator.CheckGraph();
        return validator.problems;
    }

    private void Add(string code, string message, string? nodeId = null, Connection? connection = null) =>
        problems.Add(new DefinitionProblem(code, message, nodeId, connection));

    private void CheckVariables()
    {
        foreach (var duplicate in definition.Variables.GroupBy(v => v.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            Add(DefinitionProblemCodes.InvalidVariable, $"variable '{duplicate.Key}' is declared {duplicate.Count()} times");
        }
    }

    private void CheckNode(NodeDefinition node)
    {
        var registration = registry.Registration(node.Type);
        if (registration is null)
        {
            Add(DefinitionProblemCodes.UnknownActivityType, $"node '{node.Id}' has unknown activity type '{node.Type}'", node.Id);
            return;
        }

        var descriptor = registration.Descriptor;
        foreach (var name in node.Inputs.Keys.Where(k => !registration.InputProperties.ContainsKey(k)))
        {
            Add(DefinitionProblemCodes.UnknownInput,
                $"node '{node.Id}': {node.Type} has no input '{name}' (inputs: {string.Join(", ", descriptor.Inputs.Select(i => i.Name))})", node.Id);
        }

        foreach (var input in descriptor.Inputs)
        {
            CheckInput(node, input, registration.InputProperties[input.Name].PropertyType);
        }

        var outputs = descriptor.Outputs.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (output, variable) in node.Outputs)
        {
            if (!outputs.Contains(output))
            {
                Add(DefinitionProblemCodes.UnknownOutput, $"node '{node.Id}': {node.Type} has no output '{output}'", node.Id);
            }
            else if (!variables.Contains(variable))
            {
                Add(DefinitionProblemCodes.UnknownOutput, $"node '{node.Id}': output '{output}' goes to undeclared variable '{variable}'", node.Id);
            }
        }
    }

    private void CheckInput(NodeDefinition node, InputDescriptor input, Type type)
    {
        var where = $"node '{node.Id}' input '{input.Name}'";
        if (!node.Inputs.TryGetValue(input.Name, out var value))
        {
            if (input.Required && input.Default is null)
            {
                Add(DefinitionProblemCodes.MissingRequiredInput, $"{where} is required", node.Id);
            }

            return;
        }

        if (value.Expression is { } source)
        {
            if (input.LiteralOnly)
            {
                Add(DefinitionProblemCodes.LiteralRequired, $"{where} must be a literal, not an expression", node.Id);
                return;
            }

            CheckExpression(node, where, source, type);
            return;
        }

        object? literal;
        try
        {
            literal = InputBinding.Convert(value.Literal!.Value, type);
        }
        catch (FormatException e)
        {
            Add(DefinitionProblemCodes.WrongLiteralType, $"{where}: {e.Message}", node.Id);
            return;
        }

        if (input.UiHint == UiHints.VariablePicker && literal is string variable && !variables.Contains(variable))
        {
            Add(DefinitionProblemCodes.InvalidVariable, $"{where} names undeclared variable '{variable}'", node.Id);
        }

        if (literal is IReadOnlyList<ApprovalCandidate> candidates)
        {
            CheckCandidates(node, where, candidates);
        }

        if (literal is IReadOnlyList<SwitchCase> cases)
        {
            foreach (var duplicate in cases.GroupBy(c => c.Outcome, StringComparer.Ordinal).Where(g => g.Count() > 1 || g.Key == "Default"))
            {
                Add(DefinitionProblemCodes.WrongLiteralType, $"{where}: case outcome '{duplicate.Key}' is used twice or is the reserved 'Default'", node.Id);
            }

            for (var i = 0; i < cases.Count; i++)
            {
                CheckExpression(node, $"{where} case {i} ('{cases[i].Outcome}')", cases[i].Condition, typeof(bool));
            }
        }
    }

    /// <summary>A candidate no directory could resolve is a publish-time problem: the kinds are the engine's, the rest
    /// (roles, positions, scopes) the host's <see cref="ICandidateRules"/>.</summary>
    private void CheckCandidates(NodeDefinition node, string where, IReadOnlyList<ApprovalCandidate> candidates)
    {
        for (var i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[i];
            var problem = candidate.Kind is not ("user" or "role" or "position")
                ? $"kind '{candidate.Kind}' is not one of user, role, position"
                : string.IsNullOrWhiteSpace(candidate.Value)
                    ? "has no value"
                    : registry.CandidateRules?.Problem(candidate);
            if (problem is not null)
            {
                Add(DefinitionProblemCodes.UnresolvableCandidate, $"{where} candidate {i}: {problem}", node.Id);
            }
        }
    }

    private void CheckExpression(NodeDefinition node, string where, string source, Type type)
    {
        var compiled = CelExpression.Compile(source, environment);
        if (!compiled.Succeeded)
        {
            Add(DefinitionProblemCodes.ExpressionInvalid, $"{where}: {string.Join("; ", compiled.Diagnostics)}", node.Id);
        }
        else if (!InputBinding.Fits(compiled.Expression!.ResultType, type))
        {
            var expected = type == typeof(bool) ? "bool" : InputBinding.JsonTypeName(type);
            Add(DefinitionProblemCodes.ExpressionInvalid,
                $"{where} must be {expected}, but the expression is {compiled.Expression.ResultType}", node.Id);
        }
    }

    /// <summary>The outcomes a node may complete with: the descriptor's, plus a switch's case names.</summary>
    internal static IReadOnlySet<string>? OutcomesOf(NodeDefinition node, ActivityRegistry registry)
    {
        var descriptor = registry.Find(node.Type);
        if (descriptor is null)
        {
            return null;
        }

        var outcomes = descriptor.Outcomes.ToHashSet(StringComparer.Ordinal);
        if (descriptor.DynamicOutcomesInput is { } name && node.Inputs.TryGetValue(name, out var value)
            && value.Literal is { ValueKind: JsonValueKind.Array } cases)
        {
            foreach (var c in cases.EnumerateArray())
            {
                if (c.ValueKind == JsonValueKind.Object && c.TryGetProperty("outcome", out var o) && o.ValueKind == JsonValueKind.String)
                {
                    outcomes.Add(o.GetString()!);
                }
            }
        }

        return outcomes;
    }
}
