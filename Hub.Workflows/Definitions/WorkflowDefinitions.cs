using System.Text;
using Hub.Workflows.Activities;

namespace Hub.Workflows.Definitions;

/// <summary>The definition facade: read the JSON format strictly, validate for publication, and hash.</summary>
public static class WorkflowDefinitions
{
    /// <summary>Reads a definition from UTF-8 JSON.</summary>
    /// <exception cref="DefinitionFormatException">Malformed, not of the format, or beyond <paramref name="limits"/>.</exception>
    public static WorkflowDefinition Read(ReadOnlySpan<byte> utf8Json, DefinitionLimits? limits = null) =>
        DefinitionReader.Read(utf8Json, limits ?? DefinitionLimits.Default);

    /// <inheritdoc cref="Read(ReadOnlySpan{byte}, DefinitionLimits?)"/>
    public static WorkflowDefinition Read(string json, DefinitionLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return DefinitionReader.Read(json, limits ?? DefinitionLimits.Default);
    }

    /// <summary>Every problem that prevents publication; empty when the definition may be published.</summary>
    public static IReadOnlyList<DefinitionProblem> Validate(WorkflowDefinition definition, ActivityRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(registry);
        return DefinitionValidator.Validate(definition, registry);
    }

    /// <summary>The canonical JSON of a definition (sorted properties, no whitespace), which <see cref="Read(string, DefinitionLimits?)"/> reads back.</summary>
    public static string ToCanonicalJson(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return Encoding.UTF8.GetString(CanonicalJson.Write(definition));
    }

    /// <summary>The content hash, <c>sha256:</c> and 64 lowercase hex digits, of the canonical JSON: independent of
    /// whitespace and property order in the source.</summary>
    public static string Hash(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return CanonicalJson.Hash(definition);
    }
}
