using System.Collections.Immutable;
using System.Text.Json;
using Hub.Workflows.Expressions.Types;

namespace Hub.Workflows.Expressions;

/// <summary>The declarations an expression is checked against: <c>input</c> (from the definition's input schema),
/// <c>vars</c> (the workflow variables), <c>org</c> (the organisation context) and <c>now</c> (a timestamp), plus the
/// limits. Immutable: each <c>With…</c> returns a new environment.</summary>
public sealed class CelEnvironment
{
    private readonly ImmutableDictionary<string, CelType> names;
    private readonly ImmutableSortedDictionary<string, CelType> variables;
    private readonly bool workflowNames;

    private CelEnvironment(ImmutableDictionary<string, CelType> names, ImmutableSortedDictionary<string, CelType> variables,
        bool workflowNames, CelLimits limits)
    {
        this.names = names;
        this.variables = variables;
        this.workflowNames = workflowNames;
        Limits = limits;
    }

    /// <summary>The limits applied when compiling and evaluating against this environment.</summary>
    public CelLimits Limits { get; }

    /// <summary>The names <c>input</c> (dyn until a schema is given), <c>vars</c> (no variables yet),
    /// <c>org</c> (a map from string to dyn until a schema is given) and <c>now</c> (timestamp), with default limits.</summary>
    public static CelEnvironment Create() => new(
        ImmutableDictionary<string, CelType>.Empty
            .Add("input", CelType.Dyn)
            .Add("org", CelType.MapOf(CelType.String, CelType.Dyn))
            .Add("now", CelType.Timestamp),
        ImmutableSortedDictionary<string, CelType>.Empty, true, CelLimits.Default);

    /// <summary>An environment with no names at all, for tests of the language itself.</summary>
    internal static CelEnvironment Empty { get; } = new(ImmutableDictionary<string, CelType>.Empty,
        ImmutableSortedDictionary<string, CelType>.Empty, false, CelLimits.Default);

    /// <summary>An environment declaring only <paramref name="name"/>, typed by a JSON Schema as for
    /// <see cref="WithInputSchema"/>, with default limits: for expressions over one domain record (a group-policy
    /// condition reads <c>request</c>) where <c>input</c>, <c>vars</c>, <c>org</c> and <c>now</c> mean nothing.
    /// Bind the name with <see cref="CelActivation.WithName"/>.</summary>
    public static CelEnvironment CreateFor(string name, JsonElement schema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Empty.WithDeclaration(name, JsonSchemaTypes.FromSchema(schema, name));
    }

    /// <summary>Types <c>input</c> by a JSON Schema: object/properties, string (format date-time → timestamp), integer →
    /// int, number → double, boolean, array/items; anything else is dyn.</summary>
    public CelEnvironment WithInputSchema(JsonElement schema) =>
        WithDeclaration("input", JsonSchemaTypes.FromSchema(schema, "input"));

    /// <summary>Types <c>org</c> by a JSON Schema, as for <see cref="WithInputSchema"/>.</summary>
    public CelEnvironment WithOrgSchema(JsonElement schema) =>
        WithDeclaration("org", JsonSchemaTypes.FromSchema(schema, "org"));

    /// <summary>Declares a workflow variable, read as <c>vars.name</c>, typed by a JSON Schema.</summary>
    public CelEnvironment WithVariable(string name, JsonElement schema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new(names, variables.SetItem(name, JsonSchemaTypes.FromSchema(schema, "vars." + name)), workflowNames, Limits);
    }

    /// <summary>Replaces the limits.</summary>
    public CelEnvironment WithLimits(CelLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return new(names, variables, workflowNames, limits);
    }

    internal CelEnvironment WithDeclaration(string name, CelType type) =>
        new(names.SetItem(name, type), variables, workflowNames, Limits);

    /// <summary>Every declared top-level name with its type; <c>vars</c> is an object whose fields are the variables.</summary>
    internal IReadOnlyDictionary<string, CelType> Declarations() =>
        workflowNames ? names.SetItem("vars", CelType.Object("vars", variables)) : names;
}
