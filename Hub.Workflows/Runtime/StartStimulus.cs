using System.Text.Json;

namespace Hub.Workflows.Runtime;

/// <summary>Starts a new instance with its input.</summary>
/// <param name="Input">The instance input (a JSON object).</param>
/// <param name="Actor">Who started it.</param>
public sealed record StartStimulus(JsonElement Input, string? Actor = null) : WorkflowStimulus(Actor);
