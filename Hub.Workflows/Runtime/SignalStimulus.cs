using System.Text.Json;

namespace Hub.Workflows.Runtime;

/// <summary>Delivers a signal to every signal bookmark of the instance with this name and correlation key.</summary>
/// <param name="Name">The signal name.</param>
/// <param name="CorrelationKey">The correlation key.</param>
/// <param name="Payload">The payload each waiting node receives.</param>
/// <param name="Actor">Who sent it.</param>
public sealed record SignalStimulus(string Name, string CorrelationKey, JsonElement? Payload = null, string? Actor = null) : WorkflowStimulus(Actor);
