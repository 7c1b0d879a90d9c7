using System.Collections.Concurrent;
using Hub.Workflows.Activities;
using Hub.Workflows.Definitions;
using Hub.Workflows.Expressions;

namespace Hub.Workflows.Runtime;

/// <summary>A validated definition pinned by its content hash, with its graph and compiled expressions cached. An
/// instance runs on the snapshot it started on; a new version is a new snapshot. Thread-safe; cache one per hash.</summary>
public sealed class DefinitionSnapshot
{
    private readonly ConcurrentDictionary<string, CelExpression> expressions = new(StringComparer.Ordinal);

    private DefinitionSnapshot(WorkflowDefinition definition, string contentHash)
    {
        Definition = definition;
        ContentHash = contentHash;
        Graph = new FlowGraph(definition.Flowchart);
        Environment = WorkflowExpressionEnvironment.For(definition);
    }

    /// <summary>The definition.</summary>
    public WorkflowDefinition Definition { get; }

    /// <summary>Its content hash.</summary>
    public string ContentHash { get; }

    internal FlowGraph Graph { get; }

    internal CelEnvironment Environment { get; }

    /// <summary>Validates <paramref name="definition"/> and pins it.</summary>
    /// <exception cref="DefinitionInvalidException">The definition has problems; all are listed.</exception>
    public static DefinitionSnapshot Create(WorkflowDefinition definition, ActivityRegistry registry)
    {
        var problems = WorkflowDefinitions.Validate(definition, registry);
        return problems.Count > 0
            ? throw new DefinitionInvalidException(definition.Id, definition.Version, problems)
            : new DefinitionSnapshot(definition, WorkflowDefinitions.Hash(definition));
    }

    internal CelExpression Compile(string source)
    {
        if (expressions.TryGetValue(source, out var cached))
        {
            return cached;
        }

        var compiled = CelExpression.Compile(source, Environment);
        return compiled.Succeeded
            ? expressions.GetOrAdd(source, compiled.Expression!)
            : throw new ActivityFaultException($"expression '{source}' does not compile: {string.Join("; ", compiled.Diagnostics)}", false, "expression");
    }
}
