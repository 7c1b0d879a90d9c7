namespace Hub.Workflows.Activities;

/// <summary>An activity's card for the designer's palette and property panel (<c>GET /api/activities</c>), built
/// from the class's attributes.</summary>
/// <param name="Type">The type key.</param>
/// <param name="Category">Palette category.</param>
/// <param name="DisplayName">Display name.</param>
/// <param name="Description">Description.</param>
/// <param name="Inputs">Inputs in panel order.</param>
/// <param name="Outputs">Outputs.</param>
/// <param name="Outcomes">Fixed outcomes.</param>
/// <param name="DynamicOutcomesInput">The input whose switch cases add outcomes, or null.</param>
/// <param name="RetryPolicy">How the host retries transient faults.</param>
public sealed record ActivityDescriptor(string Type, string Category, string DisplayName, string Description,
    IReadOnlyList<InputDescriptor> Inputs, IReadOnlyList<OutputDescriptor> Outputs, IReadOnlyList<string> Outcomes,
    string? DynamicOutcomesInput, RetryPolicy RetryPolicy);
