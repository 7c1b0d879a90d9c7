using System.Text.Json;

namespace Hub.Workflows.Definitions;

/// <summary>A workflow variable: a name, a JSON Schema that types it for expressions, and an optional initial value.</summary>
/// <param name="Name">The name, read in expressions as <c>vars.Name</c>.</param>
/// <param name="Schema">Its JSON Schema.</param>
/// <param name="Default">The value an instance starts with; JSON null when absent.</param>
public sealed record VariableDefinition(string Name, JsonElement Schema, JsonElement? Default);
