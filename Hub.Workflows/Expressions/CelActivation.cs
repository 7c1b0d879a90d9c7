using System.Collections.Immutable;
using System.Text.Json;
using Hub.Workflows.Expressions.Values;

namespace Hub.Workflows.Expressions;

/// <summary>The values one evaluation reads: <c>input</c>, <c>vars</c>, <c>org</c> and <c>now</c>, given as JSON
/// (converted by the declared types, so an integer-valued number is an int under an <c>integer</c> schema and a
/// double under <c>number</c>) or as .NET values. Immutable: each <c>With…</c> returns a new activation.</summary>
public sealed class CelActivation
{
    private CelActivation(ImmutableDictionary<string, object> names, ImmutableDictionary<string, object> variables)
    {
        Names = names;
        Variables = variables;
    }

    /// <summary>An activation binding nothing.</summary>
    public static CelActivation Empty { get; } =
        new(ImmutableDictionary<string, object>.Empty, ImmutableDictionary<string, object>.Empty);

    /// <summary>Top-level bindings: a <see cref="JsonElement"/> or a <see cref="CelValue"/> per name.</summary>
    internal ImmutableDictionary<string, object> Names { get; }

    /// <summary>Workflow variables, each a <see cref="JsonElement"/> or a <see cref="CelValue"/>.</summary>
    internal ImmutableDictionary<string, object> Variables { get; }

    /// <summary>Binds <c>input</c> to a JSON document (the element is cloned, so the caller may dispose its document).</summary>
    public CelActivation WithInput(JsonElement input) => new(Names.SetItem("input", input.Clone()), Variables);

    /// <summary>Binds a top-level name declared by <see cref="CelEnvironment.CreateFor"/> to a JSON document
    /// (cloned, as for <see cref="WithInput"/>).</summary>
    public CelActivation WithName(string name, JsonElement value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new(Names.SetItem(name, value.Clone()), Variables);
    }

    /// <summary>Binds <c>org</c> to a JSON document.</summary>
    public CelActivation WithOrg(JsonElement org) => new(Names.SetItem("org", org.Clone()), Variables);

    /// <summary>Binds <c>now</c>, normally from the engine's <see cref="TimeProvider"/>.</summary>
    public CelActivation WithNow(DateTimeOffset now) => new(Names.SetItem("now", ClrBinding.ToCel(now)), Variables);

    /// <summary>Binds workflow variable <paramref name="name"/> (read as <c>vars.name</c>) to JSON.</summary>
    public CelActivation WithVariable(string name, JsonElement value) => new(Names, Variables.SetItem(name, value.Clone()));

    /// <summary>Binds workflow variable <paramref name="name"/> to a .NET value: bool, int, long, uint, ulong, double,
    /// decimal (as double), string, byte[], <see cref="DateTimeOffset"/> (timestamp), <see cref="TimeSpan"/> (duration),
    /// dictionaries (maps), other sequences (lists), or null.</summary>
    /// <exception cref="ArgumentException">The value, or something inside it, has no CEL counterpart.</exception>
    public CelActivation WithVariable(string name, object? value) => new(Names, Variables.SetItem(name, ClrBinding.ToCel(value)));

    internal CelActivation WithBinding(string name, CelValue value) => new(Names.SetItem(name, value), Variables);
}
